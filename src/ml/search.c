/* search.c - inner cross-validated hyper-parameter search on a work
 * queue of (point, fold) tasks, then the refit (see ser/search.h). */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "search_internal.h"
#include "ser/split.h"
#include "ser/util.h"
#include "svm_model.h"

typedef struct task_result {
    double accuracy, uar;
    ser_status status;
    ser_error err;
} task_result;

typedef struct search_job {
    const double *x;
    size_t d;
    const int *y;
    size_t n_classes;
    const ser_search_config *cfg;
    const ser_search_point *points;
    size_t n_points;
    bool forest;          /* forest points read off one forest per group and fold (search_forest.c) */
    ser__forest_plan plan;
    task_result *ftask;   /* forest: per (group, fold, chunk) task */
    size_t k;             /* inner folds */
    size_t **train_rows;  /* per fold */
    size_t *n_train;
    size_t **test_rows;
    size_t *n_test;
    ser__gram_fold *gram; /* per fold, SVM on precomputed kernels; NULL otherwise */
    task_result *results; /* n_points * k, index p * k + f */
    size_t n_tasks;
    size_t next, done;
    bool failed;
    pthread_mutex_t lock;
} search_job;

/* The seed of point p's fits: per point, or one for every point of a
 * forest search read off one forest per fold. */
static uint64_t fit_seed(const search_job *job, size_t p)
{
    return ser__search_point_seed(job->cfg->seed, job->forest ? 0 : p);
}

static ser_status run_task(search_job *job, size_t t)
{
    if (job->forest) {
        task_result *r = &job->ftask[t];
        r->status = ser__forest_plan_task(&job->plan, t, job->d, job->n_classes, job->cfg, fit_seed(job, 0), &r->err);
        return r->status;
    }
    size_t p = t / job->k, f = t % job->k;
    task_result *r = &job->results[t];
    if (job->gram) {
        r->status = ser__search_gram_task(&job->gram[f], job->n_classes, job->cfg, &job->points[p],
                                          fit_seed(job, p), &r->accuracy, &r->uar, &r->err);
        return r->status;
    }
    ser_scaler *scaler;
    ser_svm *svm;
    ser_trees *trees;
    r->status = ser__search_fit(job->x, job->d, job->y, job->n_classes, job->train_rows[f], job->n_train[f],
                                job->cfg, &job->points[p], fit_seed(job, p), false, 1, &scaler, &svm, &trees,
                                &r->err);
    if (!r->status) {
        r->status = ser__search_score(job->x, job->d, job->y, job->n_classes, job->test_rows[f], job->n_test[f],
                                      scaler, svm, trees, &r->accuracy, &r->uar, &r->err);
        ser_scaler_destroy(scaler);
        ser_svm_destroy(svm);
        ser_trees_destroy(trees);
    }
    return r->status;
}

static void *worker(void *arg)
{
    search_job *job = arg;
    for (;;) {
        pthread_mutex_lock(&job->lock);
        size_t t = job->next;
        bool stop = job->failed || t >= job->n_tasks;
        if (!stop)
            job->next++;
        pthread_mutex_unlock(&job->lock);
        if (stop)
            return NULL;
        size_t f = job->forest ? job->plan.task[t].f : t % job->k;
        const ser_search_config *cfg = job->cfg;
        ser_status st = run_task(job, t);
        pthread_mutex_lock(&job->lock);
        if (st)
            job->failed = true;
        if (cfg->observe_fit)
            cfg->observe_fit(cfg->observe_user, job->train_rows[f], job->n_train[f]);
        job->done++;
        if (cfg->progress)
            cfg->progress(cfg->progress_user, job->done, job->n_tasks);
        pthread_mutex_unlock(&job->lock);
    }
}

/* Every class present, >= 2 classes, each with >= k rows (k >= 2). */
static ser_status check_classes(const int *y, size_t n, size_t n_classes, size_t k, ser_error *err)
{
    if (n_classes < 2)
        return ser_error_set(err, SER_ERR_LABEL, "search: need at least two classes, got %zu", n_classes);
    size_t *count = ser_calloc_array(n_classes, sizeof *count);
    if (!count)
        return ser_error_set(err, SER_ERR_NOMEM, "search: out of memory");
    ser_status st = SER_OK;
    for (size_t i = 0; i < n && !st; i++) {
        if (y[i] < 0 || (size_t)y[i] >= n_classes)
            st = ser_error_set(err, SER_ERR_LABEL, "search: row %zu has label %d outside [0, %zu)", i, y[i],
                               n_classes);
        else
            count[y[i]]++;
    }
    for (size_t c = 0; c < n_classes && !st; c++) {
        if (!count[c])
            st = ser_error_set(err, SER_ERR_LABEL, "search: class %zu has no training rows", c);
        else if (k >= 2 && count[c] < k)
            st = ser_error_set(err, SER_ERR_LABEL,
                               "search: class %zu has %zu training rows, fewer than the %zu cross-validation folds",
                               c, count[c], k);
    }
    free(count);
    return st;
}

static ser_status run_folds(search_job *job, const int *fold, size_t n, ser_error *err)
{
    size_t k = job->k;
    job->train_rows = ser_calloc_array(k, sizeof *job->train_rows);
    job->test_rows = ser_calloc_array(k, sizeof *job->test_rows);
    job->n_train = ser_calloc_array(k, sizeof *job->n_train);
    job->n_test = ser_calloc_array(k, sizeof *job->n_test);
    if (!job->train_rows || !job->test_rows || !job->n_train || !job->n_test)
        return ser_error_set(err, SER_ERR_NOMEM, "search: out of memory");
    for (size_t f = 0; f < k; f++) {
        job->train_rows[f] = ser_alloc_array(n, sizeof **job->train_rows);
        job->test_rows[f] = ser_alloc_array(n, sizeof **job->test_rows);
        if (!job->train_rows[f] || !job->test_rows[f])
            return ser_error_set(err, SER_ERR_NOMEM, "search: out of memory");
        ser_split_indices(fold, n, (int)f, job->train_rows[f], &job->n_train[f], job->test_rows[f],
                          &job->n_test[f]);
        if (!job->n_test[f] || !job->n_train[f])
            return ser_error_set(err, SER_ERR_ARG, "search: inner fold %zu is empty", f);
    }
    return SER_OK;
}

/* SVM: per fold, scaled rows and distance matrices once (here, before the
 * workers start, so BLAS runs in one thread of ours at a time). */
static ser_status prepare_gram(search_job *job, ser_error *err)
{
    if (job->cfg->kind != SER_MODEL_SVM)
        return SER_OK;
    for (size_t f = 0; f < job->k; f++)
        if (job->n_train[f] > SER__SVM_GRAM_MAX_ROWS)
            return SER_OK; /* too large: the ordinary per-fit path */
    if (!(job->gram = ser_calloc_array(job->k, sizeof *job->gram)))
        return ser_error_set(err, SER_ERR_NOMEM, "search: out of memory");
    for (size_t f = 0; f < job->k; f++) {
        ser_status st = ser__search_gram_fold_prepare(job->x, job->d, job->y, job->train_rows[f], job->n_train[f],
                                                      job->test_rows[f], job->n_test[f], job->cfg->svm.kernel,
                                                      &job->gram[f], err);
        if (st)
            return st;
    }
    return SER_OK;
}

static void free_folds(search_job *job)
{
    for (size_t f = 0; job->gram && f < job->k; f++)
        ser__search_gram_fold_free(&job->gram[f]);
    free(job->gram);
    for (size_t f = 0; job->train_rows && f < job->k; f++)
        free(job->train_rows[f]);
    for (size_t f = 0; job->test_rows && f < job->k; f++)
        free(job->test_rows[f]);
    free(job->train_rows);
    free(job->test_rows);
    free(job->n_train);
    free(job->n_test);
}

static ser_status cross_validate(search_job *job, size_t n, ser_search_point *points, size_t n_points,
                                 ser_error *err)
{
    const ser_search_config *cfg = job->cfg;
    int *fold = ser_alloc_array(n, sizeof *fold);
    if (!fold)
        return ser_error_set(err, SER_ERR_NOMEM, "search: out of memory");
    ser_status st = cfg->groups
                        ? ser_split_stratified_group_kfold(job->y, cfg->groups, n, job->k, cfg->seed, fold, err)
                        : ser_split_stratified_kfold(job->y, n, job->k, cfg->seed, fold, err);
    if (!st)
        st = run_folds(job, fold, n, err);
    if (!st)
        st = prepare_gram(job, err);
    free(fold);
    job->n_tasks = n_points * job->k;
    if (!st && job->forest) {
        st = ser__forest_plan_build(job->x, job->d, job->y, job->n_classes, job->k, job->train_rows, job->n_train,
                                    job->test_rows, job->n_test, points, n_points, &job->plan, err);
        job->n_tasks = job->plan.n_tasks;
        if (!st && !(job->ftask = ser_calloc_array(job->n_tasks, sizeof *job->ftask)))
            st = ser_error_set(err, SER_ERR_NOMEM, "search: out of memory");
    }
    if (!st && !(job->results = ser_calloc_array(n_points * job->k, sizeof *job->results)))
        st = ser_error_set(err, SER_ERR_NOMEM, "search: out of memory");
    if (st) {
        ser__forest_plan_free(&job->plan);
        free(job->ftask);
        free_folds(job);
        return st;
    }
    pthread_mutex_init(&job->lock, NULL);
    size_t nt = cfg->threads > 1 ? (size_t)cfg->threads : 1;
    if (nt > job->n_tasks)
        nt = job->n_tasks;
    pthread_t *th = ser_alloc_array(nt, sizeof *th);
    size_t started = 0;
    for (size_t i = 1; th && i < nt; i++, started++)
        if (pthread_create(&th[i], NULL, worker, job))
            break;
    worker(job);
    for (size_t i = 1; i <= started; i++)
        pthread_join(th[i], NULL);
    free(th);
    pthread_mutex_destroy(&job->lock);
    /* The lowest failed task decides the error (not the thread that saw it first). */
    for (size_t t = 0; job->forest && t < job->n_tasks && !st; t++)
        if (job->ftask[t].status) {
            *err = job->ftask[t].err;
            st = job->ftask[t].status;
        }
    if (!st && job->forest && job->next >= job->n_tasks) {
        double *acc = ser_alloc_array(2 * n_points * job->k, sizeof *acc);
        st = acc ? ser__forest_plan_score(&job->plan, job->d, job->n_classes, points, n_points, acc,
                                          acc + n_points * job->k, err)
                 : ser_error_set(err, SER_ERR_NOMEM, "search: out of memory");
        for (size_t t = 0; !st && t < n_points * job->k; t++) {
            job->results[t].accuracy = acc[t];
            job->results[t].uar = acc[n_points * job->k + t];
        }
        free(acc);
    }
    for (size_t t = 0; t < n_points * job->k && !st; t++)
        if (job->results[t].status) {
            *err = job->results[t].err;
            st = job->results[t].status;
        }
    if (!st && job->next < job->n_tasks)
        st = ser_error_set(err, SER_ERR_STATE, "search: task %zu did not run", job->next);
    for (size_t p = 0; p < n_points && !st; p++) {
        double sa = 0, su = 0, ss = 0;
        for (size_t f = 0; f < job->k; f++) {
            const task_result *r = &job->results[p * job->k + f];
            sa += r->accuracy;
            su += r->uar;
        }
        points[p].accuracy = sa / (double)job->k;
        points[p].uar = su / (double)job->k;
        points[p].mean = cfg->score == SER_SCORE_UAR ? points[p].uar : points[p].accuracy;
        for (size_t f = 0; f < job->k; f++) {
            const task_result *r = &job->results[p * job->k + f];
            double v = (cfg->score == SER_SCORE_UAR ? r->uar : r->accuracy) - points[p].mean;
            ss += v * v;
        }
        points[p].std = sqrt(ss / (double)job->k);
    }
    free(job->results);
    ser__forest_plan_free(&job->plan);
    free(job->ftask);
    free_folds(job);
    return st;
}

ser_status ser_search_run(const double *x, size_t n_rows, size_t n_features, const int *y, size_t n_classes,
                          const ser_search_config *cfg, ser_search_result *out, ser_error *err)
{
    memset(out, 0, sizeof *out);
    if (!x || !y || !cfg || !n_rows || !n_features)
        return ser_error_set(err, SER_ERR_EMPTY, "search: no training rows");
    if (cfg->kind != SER_MODEL_SVM && cfg->kind != SER_MODEL_FOREST && cfg->kind != SER_MODEL_BOOST)
        return ser_error_set(err, SER_ERR_ARG, "search: unknown model kind %d", (int)cfg->kind);
    size_t k = cfg->cv_folds >= 2 ? cfg->cv_folds : 0;
    if (!k && cfg->method != SER_SEARCH_NONE)
        return ser_error_set(err, SER_ERR_ARG, "search: a %s search needs at least 2 cross-validation folds",
                             ser_search_method_name(cfg->method));
    ser_status st = check_classes(y, n_rows, n_classes, k, err);
    if (st)
        return st;
    ser_search_point *points;
    size_t n_points;
    if ((st = ser__search_points(cfg, &points, &n_points, err)))
        return st;
    if (k) {
        search_job job = {.x = x, .d = n_features, .y = y, .n_classes = n_classes, .cfg = cfg,
                          .points = points, .n_points = n_points, .forest = ser__search_forest_shared(cfg), .k = k};
        if ((st = cross_validate(&job, n_rows, points, n_points, err))) {
            free(points);
            return st;
        }
    }
    size_t best = 0;
    for (size_t p = 1; p < n_points; p++)
        if (points[p].mean > points[best].mean)
            best = p;
    size_t *all = ser_alloc_array(n_rows, sizeof *all);
    if (!all) {
        free(points);
        return ser_error_set(err, SER_ERR_NOMEM, "search: out of memory");
    }
    for (size_t i = 0; i < n_rows; i++)
        all[i] = i;
    if (cfg->observe_fit)
        cfg->observe_fit(cfg->observe_user, all, n_rows);
    st = ser__search_fit(x, n_features, y, n_classes, all, n_rows, cfg, &points[best],
                         ser__search_point_seed(cfg->seed, ser__search_forest_shared(cfg) ? 0 : best),
                         cfg->svm.probability, cfg->threads, &out->scaler, &out->svm, &out->trees, err);
    free(all);
    if (st) {
        free(points);
        memset(out, 0, sizeof *out);
        return st;
    }
    out->kind = cfg->kind;
    out->points = points;
    out->n_points = n_points;
    out->best = best;
    out->cv_folds = k;
    return SER_OK;
}

void ser_search_result_free(ser_search_result *res)
{
    if (!res)
        return;
    free(res->points);
    ser_scaler_destroy(res->scaler);
    ser_svm_destroy(res->svm);
    ser_trees_destroy(res->trees);
    memset(res, 0, sizeof *res);
}

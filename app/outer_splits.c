/* outer_splits.c - see outer_splits.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/csv.h"
#include "outer_splits.h"
#include "ser/util.h"

void outer_plan_free(outer_plan *plan)
{
    for (size_t a = 0; plan->folds && a < plan->n_assign; a++)
        free(plan->folds[a]);
    free(plan->folds);
    free(plan->splits);
    free(plan->names);
    memset(plan, 0, sizeof *plan);
}

static int cmp_path(const void *a, const void *b)
{
    return strcmp(**(char *const *const *)a, **(char *const *const *)b);
}

/* fold[i] from a "path,fold" file; every row of t needs one. */
static ser_status read_folds(const feature_table *t, const char *path, int *fold, size_t *n_splits, ser_error *err)
{
    size_t len;
    char *buf = ser__read_file(path, &len);
    if (!buf)
        return ser_error_set(err, SER_ERR_IO, "%s: %s", path, strerror(errno));
    char ***idx = ser_alloc_array(t->n, sizeof *idx); /* pointers to t->paths entries, sorted */
    ser_status st = SER_OK;
    if (!idx) {
        free(buf);
        return ser_error_set(err, SER_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < t->n; i++) {
        idx[i] = &t->paths[i];
        fold[i] = -2;
    }
    qsort(idx, t->n, sizeof *idx, cmp_path);
    ser__csv r;
    ser__csv_init(&r, buf, len);
    char **f;
    size_t nf, line;
    int got = ser__csv_next(&r, &f, &nf, &line), max = -1;
    if (got <= 0 || nf < 2 || strcmp(f[0], "path") || strcmp(f[1], "fold"))
        st = ser_error_set(err, SER_ERR_FORMAT, "%s: not a fold file (want a header path,fold)", path);
    while (!st && (got = ser__csv_next(&r, &f, &nf, &line)) > 0) {
        char *end;
        long v = nf >= 2 ? strtol(f[1], &end, 10) : -3;
        if (nf < 2 || end == f[1] || *end || v < -1 || v > 100000) {
            st = ser_error_set(err, SER_ERR_PARSE, "%s line %zu: bad fold", path, line);
            break;
        }
        char *key = f[0], **kp = &key;
        char ***hit = bsearch(&kp, idx, t->n, sizeof *idx, cmp_path);
        if (!hit)
            continue;
        size_t i = (size_t)(*hit - t->paths);
        if (fold[i] != -2) {
            st = ser_error_set(err, SER_ERR_FORMAT, "%s line %zu: %s given twice", path, line, f[0]);
            break;
        }
        fold[i] = (int)v;
        if (v > max)
            max = (int)v;
    }
    if (!st && got < 0)
        st = ser_error_set(err, SER_ERR_PARSE, "%s: malformed CSV", path);
    for (size_t i = 0; i < t->n && !st; i++)
        if (fold[i] == -2)
            st = ser_error_set(err, SER_ERR_NOT_FOUND, "%s: no fold for %s", path, t->paths[i]);
    if (!st && max < 0)
        st = ser_error_set(err, SER_ERR_EMPTY, "%s: no row is tested", path);
    *n_splits = (size_t)(max + 1);
    ser__csv_free(&r);
    free(buf);
    free(idx);
    return st;
}

static ser_status assign(const feature_table *t, const outer_request *rq, unsigned long seed, int *fold,
                         size_t *n_splits, ser_error *err)
{
    if (rq->folds_file)
        return read_folds(t, rq->folds_file, fold, n_splits, err);
    if (rq->kind != SER_SPLIT_TRAIN_TEST && rq->kind != SER_SPLIT_KFOLD)
        for (size_t i = 0; i < t->n; i++)
            if (t->speaker_ids[i] < 0)
                return ser_error_set(err, SER_ERR_ARG, "%s has no speaker (a speaker split needs one per row)",
                                     t->paths[i]);
    switch (rq->kind) {
    case SER_SPLIT_TRAIN_TEST:
        *n_splits = 1;
        return ser_split_train_test(t->y, t->n, rq->test_fraction, seed, fold, err);
    case SER_SPLIT_KFOLD:
        *n_splits = rq->n_folds;
        return ser_split_stratified_kfold(t->y, t->n, rq->n_folds, seed, fold, err);
    case SER_SPLIT_STRATIFIED_GROUP_KFOLD:
        *n_splits = rq->n_folds;
        return ser_split_stratified_group_kfold(t->y, t->speaker_ids, t->n, rq->n_folds, seed, fold, err);
    case SER_SPLIT_LOSO:
        return ser_split_leave_one_group_out(t->speaker_ids, t->n, fold, n_splits, err);
    case SER_SPLIT_SPEAKER_GROUPS:
        return ser_split_speaker_groups((const char *const *)t->speakers, t->n, rq->groups, fold, n_splits, err);
    default:
        return ser_error_set(err, SER_ERR_ARG, "unsupported split kind");
    }
}

/* Name of split s of a speaker split: its speakers, "ravdess:01-04" style when few. */
static void speaker_split_name(const feature_table *t, const int *fold, int s, char *name, size_t size)
{
    const char *first = NULL, *last = NULL;
    for (size_t i = 0; i < t->n; i++)
        if (fold[i] == s && t->speakers[i]) {
            if (!first || strcmp(t->speakers[i], first) < 0)
                first = t->speakers[i];
            if (!last || strcmp(t->speakers[i], last) > 0)
                last = t->speakers[i];
        }
    if (!first)
        snprintf(name, size, "fold%d", s);
    else if (strcmp(first, last) == 0)
        snprintf(name, size, "%s", first);
    else {
        const char *colon = strrchr(last, ':');
        snprintf(name, size, "%s-%s", first, colon ? colon + 1 : last);
    }
}

ser_status outer_plan_build(const feature_table *t, const outer_request *rq, outer_plan *plan, ser_error *err)
{
    memset(plan, 0, sizeof *plan);
    feature_table originals = *t; /* splits are drawn over the original rows only */
    if (t->n_original)
        originals.n = t->n_original;
    bool repeats = !rq->folds_file && rq->kind == SER_SPLIT_TRAIN_TEST;
    plan->n_assign = repeats ? rq->n_seeds : 1;
    plan->folds = ser_calloc_array(plan->n_assign, sizeof *plan->folds);
    size_t *ns = ser_calloc_array(plan->n_assign, sizeof *ns);
    ser_status st = SER_OK;
    if (!plan->folds || !ns)
        st = ser_error_set(err, SER_ERR_NOMEM, "out of memory");
    for (size_t a = 0; a < plan->n_assign && !st; a++) {
        if (!(plan->folds[a] = ser_alloc_array(t->n, sizeof **plan->folds)))
            st = ser_error_set(err, SER_ERR_NOMEM, "out of memory");
        else
            st = assign(&originals, rq, rq->first_seed + (repeats ? a : 0), plan->folds[a], &ns[a], err);
        for (size_t i = originals.n; i < t->n && !st; i++) /* telephone copies follow their original */
            plan->folds[a][i] = plan->folds[a][t->copy_of[i - originals.n]];
        plan->n_splits += ns[a];
    }
    if (!st) {
        plan->splits = ser_calloc_array(plan->n_splits, sizeof *plan->splits);
        plan->names = ser_calloc_array(plan->n_splits, sizeof *plan->names);
        if (!plan->splits || !plan->names)
            st = ser_error_set(err, SER_ERR_NOMEM, "out of memory");
    }
    for (size_t a = 0, s = 0; a < plan->n_assign && !st; a++)
        for (size_t k = 0; k < ns[a]; k++, s++) {
            if (repeats)
                snprintf(plan->names[s], sizeof plan->names[s], "seed%lu", rq->first_seed + a);
            else if (rq->folds_file || rq->kind == SER_SPLIT_KFOLD || rq->kind == SER_SPLIT_STRATIFIED_GROUP_KFOLD)
                snprintf(plan->names[s], sizeof plan->names[s], "fold%zu", k);
            else
                speaker_split_name(t, plan->folds[a], (int)k, plan->names[s], sizeof plan->names[s]);
            plan->splits[s] = (ser_outer_split){plan->folds[a], (int)k, plan->names[s]};
        }
    free(ns);
    if (st)
        outer_plan_free(plan);
    return st;
}


static ser_status close_file(FILE *f, const char *path, ser_error *err)
{
    bool bad = ferror(f);
    if (fclose(f) || bad)
        return ser_error_set(err, SER_ERR_IO, "%s: write failed", path);
    return SER_OK;
}

/* One "path,fold" file of assignment a at path. */
static ser_status write_assignment(const feature_table *t, const int *fold, const char *path, ser_error *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return ser_error_set(err, SER_ERR_IO, "%s: %s", path, strerror(errno));
    fputs("path,fold\n", f);
    for (size_t i = 0; i < (t->n_original ? t->n_original : t->n); i++) {
        ser_csv_write_field(f, t->paths[i]);
        fprintf(f, ",%d\n", fold[i]);
    }
    return close_file(f, path, err);
}

ser_status outer_plan_folds_path(const char *path, const char *name, char *out, size_t size)
{
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
    if (!dot || (slash && dot < slash) || dot == (slash ? slash + 1 : path))
        dot = path + strlen(path); /* no extension: append */
    int n = snprintf(out, size, "%.*s_%s%s", (int)(dot - path), path, name, dot);
    return n < 0 || (size_t)n >= size ? SER_ERR_OVERFLOW : SER_OK;
}

ser_status outer_plan_write_folds(const feature_table *t, const outer_plan *plan, const char *path, ser_error *err)
{
    if (plan->n_assign == 1)
        return write_assignment(t, plan->folds[0], path, err);
    for (size_t a = 0; a < plan->n_assign; a++) {
        const char *name = NULL;
        for (size_t s = 0; s < plan->n_splits && !name; s++)
            if (plan->splits[s].fold == plan->folds[a])
                name = plan->splits[s].name;
        char file[4096];
        if (!name || outer_plan_folds_path(path, name, file, sizeof file))
            return ser_error_set(err, SER_ERR_ARG, "%s: cannot name the fold file of assignment %zu", path, a);
        ser_status st = write_assignment(t, plan->folds[a], file, err);
        if (st)
            return st;
    }
    return SER_OK;
}

ser_status write_predictions(const feature_table *t, const ser_evaluation *ev, const char *path, ser_error *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return ser_error_set(err, SER_ERR_IO, "%s: %s", path, strerror(errno));
    fputs("split,path,label,predicted", f);
    for (size_t k = 0; k < t->n_classes; k++)
        fprintf(f, ",p_%s", ser_label_name(t->class_labels[k]));
    fputc('\n', f);
    for (size_t s = 0; s < ev->n_folds; s++) {
        const ser_fold_result *fr = &ev->folds[s];
        for (size_t i = 0; i < fr->n_test; i++) {
            size_t row = fr->test_rows[i];
            ser_csv_write_field(f, fr->name);
            fputc(',', f);
            ser_csv_write_field(f, t->paths[row]);
            fprintf(f, ",%s,%s", ser_label_name(t->class_labels[t->y[row]]),
                    ser_label_name(t->class_labels[fr->pred[i]]));
            for (size_t k = 0; k < t->n_classes; k++)
                fprintf(f, ",%.6g", fr->probs[i * t->n_classes + k]);
            fputc('\n', f);
        }
    }
    return close_file(f, path, err);
}

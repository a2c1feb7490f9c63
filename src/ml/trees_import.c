/* Copy the trees of a trained xgboost booster into a ser_trees, through
 * xgboost's JSON model (XGBoosterSaveModelToBuffer, format "json"):
 * learner.learner_model_param.base_score, gradient_booster.model.trees[]
 * (left_children, right_children, split_indices, split_conditions,
 * default_left, split_type) and tree_info[] (class of each tree).
 * xgboost writes its float32 values in shortest round-trip form, so the
 * parsed double rounds back to the same float. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "ser/util.h"
#include "trees_model.h"

static const cJSON *path(const cJSON *node, const char *const *keys)
{
    for (; node && *keys; keys++)
        node = cJSON_GetObjectItemCaseSensitive(node, *keys);
    return node;
}

/* A number or a numeric string (xgboost writes some parameters as strings). */
static bool number_of(const cJSON *v, double *out)
{
    if (cJSON_IsNumber(v)) {
        *out = v->valuedouble;
        return true;
    }
    if (cJSON_IsString(v) && v->valuestring[0]) {
        char *end;
        *out = strtod(v->valuestring, &end);
        return *end == '\0';
    }
    return false;
}

static const cJSON *array_of(const cJSON *tree, const char *key, int n)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(tree, key);
    return cJSON_IsArray(a) && cJSON_GetArraySize(a) == n ? a : NULL;
}

static ser_status import_tree(const cJSON *tree, ser__tree_node *nodes, int n, size_t n_features, size_t t,
                              ser_error *err)
{
    const cJSON *left = array_of(tree, "left_children", n), *right = array_of(tree, "right_children", n);
    const cJSON *feat = array_of(tree, "split_indices", n), *cond = array_of(tree, "split_conditions", n);
    const cJSON *defl = array_of(tree, "default_left", n), *type = array_of(tree, "split_type", n);
    if (!left || !right || !feat || !cond || !defl)
        return ser_error_set(err, SER_ERR_FORMAT, "trees: xgboost tree %zu lacks node arrays of length %d", t, n);
    const cJSON *l = left->child, *r = right->child, *f = feat->child, *c = cond->child, *d = defl->child;
    const cJSON *s = type ? type->child : NULL;
    for (int i = 0; i < n; i++) {
        ser__tree_node *nd = &nodes[i];
        nd->left = (int32_t)l->valuedouble;
        nd->right = (int32_t)r->valuedouble;
        double fv = f->valuedouble;
        nd->feature = fv >= 0.0 && fv < (double)n_features ? (uint32_t)fv : UINT32_MAX;
        nd->value = (float)c->valuedouble;
        nd->default_left = d->valuedouble != 0.0;
        if (nd->left != -1 && s && s->valuedouble != 0.0)
            return ser_error_set(err, SER_ERR_UNSUPPORTED, "trees: tree %zu has a categorical split", t);
        l = l->next, r = r->next, f = f->next, c = c->next, d = d->next;
        s = s ? s->next : NULL;
    }
    return SER_OK;
}

ser_status ser__trees_from_booster(BoosterHandle booster, size_t n_classes, size_t n_features,
                                   const ser_trees_config *cfg, const double *weights, ser_trees **out,
                                   ser_error *err)
{
    *out = NULL;
    bst_ulong len = 0;
    const char *buf = NULL;
    if (XGBoosterSaveModelToBuffer(booster, "{\"format\": \"json\"}", &len, &buf) != 0)
        return ser_error_set(err, SER_ERR_EXTERNAL, "trees: xgboost cannot save its model: %s", XGBGetLastError());
    cJSON *root = cJSON_ParseWithLength(buf, (size_t)len);
    if (!root)
        return ser_error_set(err, SER_ERR_EXTERNAL, "trees: cannot parse xgboost's JSON model");

    ser_status st = SER_OK;
    ser_trees *t = NULL;
    static const char *const k_base[] = {"learner", "learner_model_param", "base_score", NULL};
    static const char *const k_name[] = {"learner", "gradient_booster", "name", NULL};
    static const char *const k_trees[] = {"learner", "gradient_booster", "model", "trees", NULL};
    static const char *const k_info[] = {"learner", "gradient_booster", "model", "tree_info", NULL};
    const cJSON *name = path(root, k_name), *trees = path(root, k_trees), *info = path(root, k_info);
    double base;
    if (!cJSON_IsString(name) || strcmp(name->valuestring, "gbtree") != 0 || !number_of(path(root, k_base), &base) ||
        !cJSON_IsArray(trees) || !cJSON_IsArray(info) || cJSON_GetArraySize(trees) != cJSON_GetArraySize(info) ||
        cJSON_GetArraySize(trees) == 0) {
        st = ser_error_set(err, SER_ERR_FORMAT, "trees: unexpected xgboost JSON model layout");
        goto done;
    }
    size_t n_trees = (size_t)cJSON_GetArraySize(trees), n_nodes = 0;
    const cJSON *tr;
    cJSON_ArrayForEach(tr, trees)
    {
        static const char *const k_n[] = {"tree_param", "num_nodes", NULL};
        double nn = 0.0;
        if (!number_of(path(tr, k_n), &nn) || nn < 1 || nn > 1e8) {
            st = ser_error_set(err, SER_ERR_FORMAT, "trees: xgboost tree without a valid num_nodes");
            goto done;
        }
        n_nodes += (size_t)nn;
    }
    t = ser__trees_alloc(n_classes, n_features, n_trees, n_nodes);
    if (!t) {
        st = ser_error_set(err, SER_ERR_NOMEM, "trees: out of memory for %zu nodes", n_nodes);
        goto done;
    }
    t->cfg = *cfg;
    t->cfg.class_weights = NULL;
    memcpy(t->weights, weights, n_classes * sizeof *weights);
    t->base_score = (float)base;
    size_t i = 0, offset = 0;
    const cJSON *ti = info->child;
    cJSON_ArrayForEach(tr, trees)
    {
        static const char *const k_n[] = {"tree_param", "num_nodes", NULL};
        double nn = 0.0;
        number_of(path(tr, k_n), &nn);
        t->root[i] = offset;
        t->size[i] = (size_t)nn;
        t->tree_class[i] = cJSON_IsNumber(ti) && ti->valuedouble >= 0 ? (uint32_t)ti->valuedouble : UINT32_MAX;
        st = import_tree(tr, t->nodes + offset, (int)nn, n_features, i, err);
        if (st != SER_OK)
            goto done;
        offset += (size_t)nn;
        i++;
        ti = ti->next;
    }
    st = ser__trees_validate(t, err);
done:
    cJSON_Delete(root);
    if (st != SER_OK) {
        ser_trees_destroy(t);
        return st;
    }
    *out = t;
    return SER_OK;
}

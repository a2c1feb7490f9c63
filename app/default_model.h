/* default_model.h - the model a command uses when -m is not given (predict,
 * stream, analyze, serve): the
 * shipped default model (models/default.sermodel, made by `make model`).
 * Lookup order:
 *   1. -m/--model PATH
 *   2. $SER_MODEL (a path; used as given, an error when unreadable)
 *   3. the installed copy, <prefix>/share/ser/models/default.sermodel
 *   4. the source tree's models/default.sermodel (for a build that is not
 *      installed)
 * A missing model is a runtime error (exit 1) saying where it looked and
 * how to get one. */
#ifndef SER_APP_DEFAULT_MODEL_H
#define SER_APP_DEFAULT_MODEL_H

/* The path to load, or NULL after printing the error (exit code 1). */
const char *cli_model_path(const char *cmd, const char *option);

#endif

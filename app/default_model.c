/* default_model.c - see default_model.h. */
#include "default_model.h"

#include <stdlib.h>
#include <unistd.h>

#include "cli.h"

const char *cli_model_path(const char *cmd, const char *option)
{
    if (option)
        return option;
    const char *env = getenv("SER_MODEL");
    if (env && *env) {
        if (access(env, R_OK) == 0)
            return env;
        cli_runtime_error(cmd, "SER_MODEL=%s: no readable model there", env);
        return NULL;
    }
    if (access(SER_MODEL_INSTALLED, R_OK) == 0)
        return SER_MODEL_INSTALLED;
    if (access(SER_MODEL_SOURCE, R_OK) == 0)
        return SER_MODEL_SOURCE;
    cli_runtime_error(cmd,
                      "no model: give -m MODEL or set SER_MODEL; the default model is neither installed (%s) nor "
                      "in the source tree (%s): run `make model` to make it (needs the corpora, see models/README.md)",
                      SER_MODEL_INSTALLED, SER_MODEL_SOURCE);
    return NULL;
}

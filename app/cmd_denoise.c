/* ser denoise IN OUT - spectral-gating noise reduction (noisereduce 3.0.3). */
#include <stdio.h>
#include <string.h>

#include "audio_options.h"
#include "cli.h"
#include "commands.h"
#include "ser/audio.h"
#include "ser/denoise.h"

static void usage(FILE *out)
{
    fputs("Usage: ser denoise [OPTIONS] IN OUT\n"
          "Reduce background noise by spectral gating, as noisereduce 3.0.3's reduce_noise(y, sr).\n"
          "OUT is written atomically; its type follows the extension (.wav, .flac, .ogg).\n\n"
          "  --mode M            nonstationary (default) or stationary\n"
          "  --stationary        same as --mode stationary\n"
          "  --noise FILE        stationary mode: estimate the noise from this clip instead of IN\n"
          "  --prop-decrease P   how much of the noise to remove, 0..1 (default 1)\n"
          "  --n-std T           stationary threshold in standard deviations (default 1.5)\n"
          "  --float             write 32-bit float WAV instead of 16-bit PCM\n"
          "  -h, --help          show this help\n\n",
          out);
    cli_audio_options_help(out);
    fputs("\nThe rate is the input's own unless --sr is given.  IN '-' reads standard input.\n"
          "Exit: 0 written, 1 runtime error (named), 2 usage error.\n",
          out);
}

enum { OPT_MODE = 1, OPT_STATIONARY, OPT_NOISE, OPT_PROP, OPT_NSTD, OPT_FLOAT };

int cmd_denoise(int argc, char **argv)
{
    static const struct option options[] = {
        {"mode", required_argument, NULL, OPT_MODE},  {"stationary", no_argument, NULL, OPT_STATIONARY},
        {"noise", required_argument, NULL, OPT_NOISE}, {"prop-decrease", required_argument, NULL, OPT_PROP},
        {"n-std", required_argument, NULL, OPT_NSTD}, {"float", no_argument, NULL, OPT_FLOAT},
        {"help", no_argument, NULL, 'h'},             CLI_AUDIO_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    const char *cmd = "denoise";
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return SER_EXIT_OK;
    }
    ser_load_config load = ser_load_config_default();
    load.sample_rate = 0; /* keep the input's rate */
    ser_denoise_config dn = ser_denoise_config_default();
    const char *noise_path = NULL;
    ser_sample_encoding encoding = SER_ENCODING_PCM16;
    int opt;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        int handled = cli_audio_option(cmd, opt, optarg, &load);
        if (handled < 0)
            return SER_EXIT_USAGE;
        if (handled)
            continue;
        switch (opt) {
        case OPT_MODE:
            if (strcmp(optarg, "stationary") == 0)
                dn.mode = SER_DENOISE_STATIONARY;
            else if (strcmp(optarg, "nonstationary") == 0)
                dn.mode = SER_DENOISE_NONSTATIONARY;
            else
                return cli_usage_error(cmd, "--mode: expected stationary or nonstationary, got '%s'", optarg);
            break;
        case OPT_STATIONARY: dn.mode = SER_DENOISE_STATIONARY; break;
        case OPT_NOISE: noise_path = optarg; break;
        case OPT_PROP:
            if (!cli_parse_double(optarg, &dn.prop_decrease) || dn.prop_decrease < 0 || dn.prop_decrease > 1)
                return cli_usage_error(cmd, "--prop-decrease: expected a number in [0, 1], got '%s'", optarg);
            break;
        case OPT_NSTD:
            if (!cli_parse_double(optarg, &dn.n_std_thresh_stationary))
                return cli_usage_error(cmd, "--n-std: expected a number, got '%s'", optarg);
            break;
        case OPT_FLOAT: encoding = SER_ENCODING_FLOAT; break;
        default:
            return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (cli_audio_options_check(cmd, &load) < 0)
        return SER_EXIT_USAGE;
    if (argc - optind != 2)
        return cli_usage_error(cmd, "expected IN and OUT, got %d argument(s)", argc - optind);
    if (noise_path && dn.mode != SER_DENOISE_STATIONARY)
        return cli_usage_error(cmd, "--noise needs --stationary");
    const char *in_path = argv[optind], *out_path = argv[optind + 1];
    if (!ser_audio_write_supported(out_path, encoding))
        return cli_usage_error(cmd, "%s: cannot write this file type%s (use .wav, .flac or .ogg)", out_path,
                               encoding == SER_ENCODING_FLOAT ? " as float (use .wav)" : "");
    if (load.denoise) /* --denoise is implied; do not run it twice */
        load.denoise = false;

    ser_error err;
    ser_audio audio, noise;
    memset(&noise, 0, sizeof noise);
    if (ser_audio_load(in_path, &load, &audio, &err) != SER_OK)
        return cli_runtime_error(cmd, "%s", err.message);
    dn.sample_rate = audio.sample_rate;
    dn.max_input_samples = audio.n_samples;
    int rc = SER_EXIT_OK;
    ser_status st = SER_OK;
    ser_denoise *d = ser_denoise_create(&dn, &st, &err);
    if (!d) {
        rc = cli_runtime_error(cmd, "%s: %s", in_path, ser_error_message(&err, st));
        goto done;
    }
    if (noise_path) {
        ser_load_config nl = load;
        nl.sample_rate = audio.sample_rate;
        nl.trim = false;
        nl.normalize = SER_NORMALIZE_NONE;
        if (ser_audio_load(noise_path, &nl, &noise, &err) != SER_OK) {
            rc = cli_runtime_error(cmd, "%s", err.message);
            goto done;
        }
        if ((st = ser_denoise_set_noise(d, noise.samples, noise.n_samples, &err)) != SER_OK) {
            rc = cli_runtime_error(cmd, "%s: %s", noise_path, ser_error_message(&err, st));
            goto done;
        }
    }
    if ((st = ser_denoise_process(d, audio.samples, audio.n_samples, audio.samples, &err)) != SER_OK) {
        rc = cli_runtime_error(cmd, "%s: %s", in_path, ser_error_message(&err, st));
        goto done;
    }
    if (ser_audio_write(out_path, audio.samples, audio.n_samples, audio.sample_rate, encoding, &err) != SER_OK)
        rc = cli_runtime_error(cmd, "%s", err.message);
done:
    ser_denoise_destroy(d);
    ser_audio_free(&audio);
    ser_audio_free(&noise);
    return rc;
}

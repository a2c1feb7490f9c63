/* ser serve - the HTTP + WebSocket server of the live analyser and the
 * agents' dashboard (app/server/, docs/serve.md). */
#include <civetweb.h>
#include <getopt.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "default_model.h"
#include "commands.h"
#include "server/server.h"
#include "server/tls_front.h"
#include "ser/stream.h"

#define CMD "serve"

#ifndef SER_RULES_INSTALLED
#define SER_RULES_INSTALLED "/usr/local/share/ser/rules.json"
#endif
#ifndef SER_RULES_SOURCE
#define SER_RULES_SOURCE "share/ser/rules.json"
#endif

static void usage(void)
{
    printf("Usage: ser serve [-m MODEL] [--host H] [--port P] [--token T] [--max-streams N]\n"
           "                 [--tls-cert FILE --tls-key FILE] [--record DIR]\n"
           "Serve live analysis over HTTP and WebSocket, and the agents' dashboard.\n\n"
           "  GET  /healthz            liveness (no token needed)\n"
           "  GET  /                   the dashboard (?token=T when a token is set)\n"
           "  GET  /metrics            Prometheus counters\n"
           "  WS   /ws/stream?call_id=ID&format=s16le&rate=16000&channels=1\n"
           "                           binary PCM frames in, one JSON event per text frame out;\n"
           "                           send the text {\"type\":\"stop\"} to flush and close\n"
           "  WS   /ws/events          the events of every live call (dashboards)\n"
           "  WS   /v1/twilio          Twilio Media Streams (JSON messages, base64 8 kHz mu-law)\n"
           "  POST /v1/analyze         a whole call in the body -> the `ser analyze` JSON\n"
           "                           (?agent_channel=left|right for two-channel calls)\n\n"
           "  -m, --model MODEL        model file (feature set seed, trained on --streaming features;\n"
           "                           default: $SER_MODEL, else the shipped default model)\n"
           "  --listen HOST:PORT       address and port to bind (127.0.0.1:8080: loopback only)\n"
           "  --host H                 address to bind (127.0.0.1: loopback only)\n"
           "  --port P                 port (8080; 0 picks a free one)\n"
           "  --token T                require \"Authorization: Bearer T\" or ?token=T (default $SER_TOKEN)\n"
           "  --max-streams N          concurrent streams (16); more get HTTP 503\n"
           "  --max-watchers N         concurrent /ws/events dashboards (16); more get HTTP 503\n"
           "  --max-frame BYTES        largest WebSocket frame (1048576)\n"
           "  --max-body BYTES         largest POST body (33554432)\n"
           "  --idle-timeout S         close a WebSocket silent for S seconds (60)\n"
           "  --rules FILE             suggestion rules (default: the installed share/ser/rules.json)\n"
           "  --no-rules               no reasons / suggestions\n"
           "  --tls-cert FILE          serve https:// and wss:// with this PEM certificate (chain)\n"
           "  --tls-key FILE           ... and this PEM private key (unencrypted); TLS 1.2 or newer\n"
           "  --analyze-agent          analyse agent tracks too (Twilio outbound, agent_channel); off\n"
           "                           by default: inferring employees' emotions at work is\n"
           "                           restricted in some jurisdictions (e.g. EU AI Act, Art. 5(1)(f))\n"
           "  --record DIR             store each live call's received audio in DIR (off: no audio is\n"
           "                           stored): DIR/<call_id>-<track>.wav, 16-bit PCM at the stream's\n"
           "                           rate, named when the call ends, never over an existing file;\n"
           "                           recording calls needs the parties' consent in many jurisdictions\n"
           "  -h, --help               show this help\n\n"
           "Prints \"listening on http://HOST:PORT/\" (https:// with TLS) on stderr once ready; stops on\n"
           "SIGINT / SIGTERM: new calls are refused, each live call gets its last events and a close\n"
           "frame 1001 \"server shutting down\", then the server exits.\n"
           "Exit codes: 0 stopped, 1 runtime error (model, port, certificate or key file), 2 usage.\n");
}

typedef struct options {
    const char *model, *rules;
    const char *tls_cert, *tls_key;
    bool no_rules;
    char listen_host[256];
    server_config cfg;
} options;

/* --listen HOST:PORT */
static bool parse_listen(const char *arg, options *o)
{
    const char *colon = strrchr(arg, ':');
    long v;
    size_t n = colon ? (size_t)(colon - arg) : 0;
    if (!colon || n == 0 || n >= sizeof o->listen_host || !cli_parse_long(colon + 1, 0, 65535, &v))
        return false;
    memcpy(o->listen_host, arg, n);
    o->listen_host[n] = '\0';
    if (strchr(o->listen_host, ':') || strchr(o->listen_host, ','))
        return false;
    o->cfg.host = o->listen_host;
    o->cfg.port = (int)v;
    return true;
}

static int parse_options(int argc, char **argv, options *o)
{
    enum { O_HOST = 256, O_PORT, O_TOKEN, O_MAXS, O_FRAME, O_BODY, O_RULES, O_NORULES, O_AGENT, O_CERT, O_KEY, O_RECORD, O_LISTEN, O_IDLE, O_MAXW };
    static const struct option longopts[] = {
        {"model", required_argument, NULL, 'm'},        {"host", required_argument, NULL, O_HOST},
        {"port", required_argument, NULL, O_PORT},      {"token", required_argument, NULL, O_TOKEN},
        {"max-streams", required_argument, NULL, O_MAXS}, {"max-frame", required_argument, NULL, O_FRAME},
        {"max-body", required_argument, NULL, O_BODY},  {"rules", required_argument, NULL, O_RULES},
        {"no-rules", no_argument, NULL, O_NORULES},     {"help", no_argument, NULL, 'h'},
        {"analyze-agent", no_argument, NULL, O_AGENT},  {"record", required_argument, NULL, O_RECORD},
        {"tls-cert", required_argument, NULL, O_CERT}, {"tls-key", required_argument, NULL, O_KEY},
        {"listen", required_argument, NULL, O_LISTEN}, {"idle-timeout", required_argument, NULL, O_IDLE},
        {"max-watchers", required_argument, NULL, O_MAXW},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    o->cfg = server_config_default();
    o->cfg.token = getenv("SER_TOKEN");
    optind = 0;
    opterr = 0;
    int c;
    long v;
    while ((c = getopt_long(argc, argv, ":m:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'm': o->model = optarg; break;
        case O_HOST:
            if (!*optarg || strlen(optarg) > 255 || strchr(optarg, ':') || strchr(optarg, ','))
                return cli_usage_error(CMD, "--host '%s': want an IPv4 address or host name", optarg);
            o->cfg.host = optarg;
            break;
        case O_LISTEN:
            if (!parse_listen(optarg, o))
                return cli_usage_error(CMD, "--listen '%s': want HOST:PORT (an IPv4 address or host name, 0..65535)",
                                       optarg);
            break;
        case O_IDLE:
            if (!cli_parse_long(optarg, 1, 86400, &v))
                return cli_usage_error(CMD, "--idle-timeout '%s': want 1..86400 seconds", optarg);
            o->cfg.idle_timeout_ms = (int)v * 1000;
            break;
        case O_PORT:
            if (!cli_parse_long(optarg, 0, 65535, &v))
                return cli_usage_error(CMD, "--port '%s': want 0..65535", optarg);
            o->cfg.port = (int)v;
            break;
        case O_TOKEN:
            if (!*optarg)
                return cli_usage_error(CMD, "--token: empty");
            o->cfg.token = optarg;
            break;
        case O_MAXS:
            if (!cli_parse_long(optarg, 1, 4096, &v))
                return cli_usage_error(CMD, "--max-streams '%s': want 1..4096", optarg);
            o->cfg.max_streams = (int)v;
            break;
        case O_MAXW:
            if (!cli_parse_long(optarg, 1, 1024, &v))
                return cli_usage_error(CMD, "--max-watchers '%s': want 1..1024", optarg);
            o->cfg.max_watchers = (int)v;
            break;
        case O_FRAME:
            if (!cli_parse_long(optarg, 64, 64L << 20, &v))
                return cli_usage_error(CMD, "--max-frame '%s': want 64..67108864 bytes", optarg);
            o->cfg.max_frame = (size_t)v;
            break;
        case O_BODY:
            if (!cli_parse_long(optarg, 1024, 1L << 30, &v))
                return cli_usage_error(CMD, "--max-body '%s': want 1024..1073741824 bytes", optarg);
            o->cfg.max_body = (size_t)v;
            break;
        case O_RULES: o->rules = optarg; break;
        case O_NORULES: o->no_rules = true; break;
        case O_AGENT: o->cfg.analyze_agent = true; break;
        case O_CERT: o->tls_cert = optarg; break;
        case O_KEY: o->tls_key = optarg; break;
        case O_RECORD:
            if (!*optarg)
                return cli_usage_error(CMD, "--record: empty");
            o->cfg.record_dir = optarg;
            break;
        case ':': return cli_usage_error(CMD, "option '%s' needs a value", argv[optind - 1]);
        default: return cli_usage_error(CMD, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage_error(CMD, "unexpected argument '%s'", argv[optind]);
    if (!o->tls_cert != !o->tls_key)
        return cli_usage_error(CMD, "--tls-cert and --tls-key go together");
    struct stat st;
    if (o->cfg.record_dir && (stat(o->cfg.record_dir, &st) != 0 || !S_ISDIR(st.st_mode) ||
                              access(o->cfg.record_dir, W_OK | X_OK) != 0))
        return cli_runtime_error(CMD, "--record %s: not a folder this process can write to", o->cfg.record_dir);
    if (!(o->model = cli_model_path(CMD, o->model)))
        return SER_EXIT_RUNTIME;
    return -1;
}


/* Bind the public address (checking --tls-cert / --tls-key first) before
 * the model loads; civetweb then listens on a loopback-only free port
 * behind the front, which holds each request until its header is complete
 * (slowloris) and terminates TLS (server/tls_front.h). */
static tls_front *front_open(options *o, char *msg, size_t cap)
{
    tls_front_config tc = tls_front_config_default();
    tc.host = o->cfg.host;
    tc.port = o->cfg.port;
    tc.cert_file = o->tls_cert;
    tc.key_file = o->tls_key;
    /* civetweb's workers, and three times as many again in their handshake or
       header (each of those dropped within seconds) */
    tc.max_conns = 4 * (o->cfg.max_streams + o->cfg.max_watchers + 8);
    tls_front *f = tls_front_create(&tc, msg, cap);
    if (f) {
        o->cfg.host = "127.0.0.1";
        o->cfg.port = 0;
    }
    return f;
}

/* glibc keeps a per-thread cache (tcache) of freed small blocks in every
 * thread that ever freed some: with a worker thread per stream and hundreds
 * of workers, those caches fill one after another as calls come and go, and
 * the idle server's heap grows by ~1.7 KB per call until every worker's
 * cache is full (measured by the soak, docs/hardening.md: with the caches
 * off the idle heap is the same byte for byte after 900 calls).  The
 * stream path does not allocate, so the caches buy nothing here: the
 * server runs with them off.  glibc reads that setting only at start, so
 * the process re-executes itself once with GLIBC_TUNABLES set (same PID);
 * a GLIBC_TUNABLES that already sets tcache_count is left alone, and
 * SER_SERVE_TCACHE=1 keeps the caches. */
static void reexec_without_tcache(int argc, char **argv)
{
    const char *t = getenv("GLIBC_TUNABLES");
    const char *keep = getenv("SER_SERVE_TCACHE");
    if ((t && strstr(t, "glibc.malloc.tcache_count")) || (keep && !strcmp(keep, "1")))
        return;
    char tunables[1024];
    int n = snprintf(tunables, sizeof tunables, "%s%sglibc.malloc.tcache_count=0", t ? t : "", t && *t ? ":" : "");
    char **args = calloc((size_t)argc + 2, sizeof *args);
    if (n < 0 || (size_t)n >= sizeof tunables || !args) {
        free(args);
        return;
    }
    args[0] = "ser";
    for (int i = 0; i < argc; i++)
        args[i + 1] = argv[i];
    /* the program's path, not /proc/self/exe itself: under valgrind only the
       path names the program (valgrind's own binary is what that link opens) */
    char self[4096];
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len > 0 && setenv("GLIBC_TUNABLES", tunables, 1) == 0) {
        self[len] = '\0';
        execv(self, args);
    }
    /* exec failed: go on with the caches */
    free(args);
}

int cmd_serve(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage();
        return SER_EXIT_OK;
    }
    /* Two malloc arenas instead of 8 per core: the worker threads (one per
       stream) would otherwise each grow one, and glibc keeps their freed
       pages (idle RSS drifts up over a soak, docs/hardening.md).  The stream
       path does not allocate, so they do not contend.  $MALLOC_ARENA_MAX
       still wins. */
    if (!getenv("MALLOC_ARENA_MAX"))
        mallopt(M_ARENA_MAX, 2);
    reexec_without_tcache(argc, argv);
    options o;
    int rc = parse_options(argc, argv, &o);
    if (rc >= 0)
        return rc;
    const char *public_host = o.cfg.host;
    char msg[512];
    tls_front *front = NULL;
    if (!(front = front_open(&o, msg, sizeof msg)))
        return cli_runtime_error(CMD, "%s", msg);
    ser_error err = {0};
    ser_model *model = NULL;
    if (ser_model_load(o.model, &model, &err)) {
        tls_front_destroy(front);
        return cli_runtime_error(CMD, "%s", err.message);
    }
    /* refuse a model the live analyser cannot use before listening */
    ser_stream_config sc = ser_stream_config_default();
    sc.model = model;
    ser_status st;
    ser_stream *probe = ser_stream_create(&sc, &st, &err);
    if (!probe) {
        tls_front_destroy(front);
        ser_model_destroy(model);
        return cli_runtime_error(CMD, "%s", err.message);
    }
    ser_stream_destroy(probe);
    ser_rules *rules = NULL;
    if ((rc = cli_load_rules(CMD, o.rules, o.no_rules, &rules)) >= 0) {
        tls_front_destroy(front);
        ser_model_destroy(model);
        return rc;
    }
    o.cfg.model = model;
    o.cfg.model_path = o.model;
    o.cfg.rules = rules;
    /* workers inherit this mask: only this thread takes SIGINT / SIGTERM */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    mg_init_library(0);
    server *srv = server_start(&o.cfg, msg, sizeof msg);
    if (srv && tls_front_start(front, server_port(srv), msg, sizeof msg)) {
        server_stop(srv);
        srv = NULL;
    }
    if (!srv) {
        tls_front_destroy(front);
        mg_exit_library();
        ser_rules_destroy(rules);
        ser_model_destroy(model);
        return cli_runtime_error(CMD, "%s", msg);
    }
    fprintf(stderr, "ser serve: listening on %s://%s:%d/ (model %s, %s, max %d streams)\n",
            o.tls_cert ? "https" : "http", public_host, tls_front_port(front), o.model,
            o.cfg.token ? "token required" : "no token", o.cfg.max_streams);
    if (o.cfg.record_dir)
        fprintf(stderr, "ser serve: recording live calls' audio to %s/\n", o.cfg.record_dir);
    int sig = 0;
    sigwait(&set, &sig);
    fprintf(stderr, "ser serve: %s, stopping\n", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    server_drain(srv); /* each live call: its last events, then close 1001 */
    tls_front_destroy(front); /* closes the clients' connections first: civetweb sees them end */
    server_stop(srv);
    mg_exit_library();
    ser_rules_destroy(rules);
    ser_model_destroy(model);
    return SER_EXIT_OK;
}

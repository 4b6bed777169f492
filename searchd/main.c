/*
 * bin/searchd — answers searches over kilde's index on a Unix socket (and
 * optionally TCP), one JSON request per line (docs/PROTOCOL.md), and with
 * --http the same over HTTP with a search page (docs/WEB.md).
 *
 * Start-up runs in the order that lets every mistake reach the operator's
 * terminal: options, schema, each index's schema version, the sockets;
 * only then does it fork into the background, and the parent exits 0 only
 * once the workers have opened the index.  SIGHUP reopens the index,
 * SIGTERM and SIGINT stop accepting, finish what is in flight, remove the
 * socket and pidfile, and exit 0.
 */
#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth.h"
#include "compound.h"
#include "http.h"
#include "listen.h"
#include "log.h"
#include "loop.h"
#include "schema.h"
#include "sderror.h"
#include "searchd.h"
#include "synonyms.h"
#include "workers.h"

#define EXIT_START 1
#define EXIT_USAGE 2
#define MAX_DBS 64

static const char usage[] =
    "usage: searchd [--db DIR|STUB]... [--socket PATH] [--listen HOST:PORT] [--http HOST:PORT]\n"
    "               [--workers N]\n"
    "               [--foreground] [--pidfile FILE] [--max-connections N]\n"
    "               [--query-timeout SEC] [--idle-timeout SEC] [--token-file FILE] [--debug]\n"
    "Answers searches over a kilde index, one JSON request per line (docs/PROTOCOL.md).\n"
    "  --db DIR          an index folder or a Xapian stub file (default var/index);\n"
    "                    give it several times to search shards as one\n"
    "  --socket PATH     the Unix socket (default var/searchd.sock, mode 0660)\n"
    "  --listen H:P      also listen on TCP at exactly this address (e.g. 127.0.0.1:7700)\n"
    "  --http H:P        also serve the JSON API and the search page over HTTP at exactly\n"
    "                    this address (e.g. 127.0.0.1:7701)\n"
    "  --token-file FILE the secret TCP and HTTP clients must send (auth op, or\n"
    "                    Authorization: Bearer); required when --listen or --http is\n"
    "                    not a loopback address\n"
    "  --workers N       search threads, each with its own index handle (default 2)\n"
    "  --max-connections N   clients served at once (and as many over HTTP); more are\n"
    "                    answered busy (default 256)\n"
    "  --query-timeout SEC   time a search may take before it is answered timeout (default 2)\n"
    "  --idle-timeout SEC    silent clients are disconnected after this (default 300)\n"
    "  --foreground      stay attached to the terminal (else it becomes a daemon)\n"
    "  --pidfile FILE    write the daemon's process id here\n"
    "  --debug           log one line per request to stderr\n"
    "Signals: HUP reopens the index; TERM or INT drains and exits.\n";

typedef struct options {
    sd_config cfg;
    char *dbs[MAX_DBS];
    char *socket, *pidfile;
    char *token; /* read from --token-file */
} options;

/* ---- options ------------------------------------------------------------- */

/* An absolute path for `path`, so the daemon finds it whatever it does. */
static char *absolute(const char *path)
{
    if (path[0] == '/')
        return strdup(path);
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        return NULL;
    size_t n = strlen(cwd) + strlen(path) + 2;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%s/%s", cwd, path);
    return out;
}

static int parse_number(const char *name, const char *arg, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(arg, &end);
    if (errno || *end || end == arg || v < lo || v > hi) {
        fprintf(stderr, "searchd: %s takes a number from %g to %g, not '%s'\n", name, lo, hi,
                arg);
        return -1;
    }
    *out = v;
    return 0;
}

static int parse_whole(const char *name, const char *arg, unsigned lo, unsigned hi,
                       unsigned *out)
{
    double v;
    if (parse_number(name, arg, lo, hi, &v))
        return -1;
    if (v != (unsigned)v) {
        fprintf(stderr, "searchd: %s takes a whole number, not '%s'\n", name, arg);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

static int add_db(options *o, const char *path)
{
    if (o->cfg.ndbs == MAX_DBS) {
        fprintf(stderr, "searchd: at most %d --db\n", MAX_DBS);
        return -1;
    }
    char *abs = absolute(path);
    if (!abs)
        return -1;
    o->dbs[o->cfg.ndbs++] = abs;
    return 0;
}

static int read_token(options *o, const char *path)
{
    kerr err;
    free(o->token);
    if (sd_token_load(&o->token, path, &err)) {
        fprintf(stderr, "searchd: %s\n", err.msg);
        return -1;
    }
    o->cfg.token = o->token;
    return 0;
}

static int parse_option(options *o, int c)
{
    double t;
    switch (c) {
    case 'd': return add_db(o, optarg);
    case 's': free(o->socket); return (o->socket = absolute(optarg)) ? 0 : -1;
    case 'l': o->cfg.listen = optarg; return 0;
    case 'H': o->cfg.http = optarg; return 0;
    case 'f': o->cfg.foreground = true; return 0;
    case 'p': free(o->pidfile); return (o->pidfile = absolute(optarg)) ? 0 : -1;
    case 'D': o->cfg.debug = true; return 0;
    case 'T': return read_token(o, optarg);
    case 'w': return parse_whole("--workers", optarg, 1, 64, &o->cfg.workers);
    case 'm': return parse_whole("--max-connections", optarg, 1, 100000, &o->cfg.max_connections);
    case 'i': return parse_whole("--idle-timeout", optarg, 1, 86400, &o->cfg.idle_timeout);
    case 'q':
        if (parse_number("--query-timeout", optarg, 1e-9, 3600, &t))
            return -1;
        o->cfg.query_timeout = t;
        return 0;
    case 'h': fputs(usage, stdout); exit(0);
    default: return -1;
    }
}

static int parse_args(int argc, char **argv, options *o)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},       {"socket", required_argument, NULL, 's'},
        {"listen", required_argument, NULL, 'l'},   {"workers", required_argument, NULL, 'w'},
        {"http", required_argument, NULL, 'H'},
        {"foreground", no_argument, NULL, 'f'},     {"pidfile", required_argument, NULL, 'p'},
        {"max-connections", required_argument, NULL, 'm'},
        {"query-timeout", required_argument, NULL, 'q'},
        {"idle-timeout", required_argument, NULL, 'i'},
        {"debug", no_argument, NULL, 'D'},          {"help", no_argument, NULL, 'h'},
        {"token-file", required_argument, NULL, 'T'},
        {NULL, 0, NULL, 0}};
    o->cfg = (sd_config){.workers = 2, .max_connections = 256, .query_timeout = 2.0,
                         .idle_timeout = 300};
    int c;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1)
        if (parse_option(o, c))
            return -1;
    if (optind < argc) {
        fprintf(stderr, "searchd: unexpected argument '%s'\n", argv[optind]);
        return -1;
    }
    if ((o->cfg.ndbs == 0 && add_db(o, "var/index")) ||
        (!o->socket && !(o->socket = absolute("var/searchd.sock"))))
        return -1;
    o->cfg.dbs = (const char *const *)o->dbs;
    o->cfg.socket_path = o->socket;
    o->cfg.pidfile = o->pidfile;
    return 0;
}

static void free_options(options *o)
{
    for (size_t i = 0; i < o->cfg.ndbs; i++)
        free(o->dbs[i]);
    free(o->socket);
    free(o->pidfile);
    free(o->token);
}

/* ---- start-up checks ----------------------------------------------------- */

/* Each database on its own: a multi-database would show only the first
 * shard's metadata, and a mismatch must name the shard. */
static int check_indexes(const sd_config *cfg, const kschema *schema)
{
    for (size_t i = 0; i < cfg->ndbs; i++) {
        kx_db *db = NULL;
        kx_error x;
        kerr err;
        if (kx_db_open(&db, cfg->dbs[i], KX_DB_READONLY, &x) != KX_OK) {
            if (x.code == KX_ENOTFOUND)
                sd_log("%s: no index there: build one with bin/indexer --db %s FOLDER",
                       cfg->dbs[i], cfg->dbs[i]);
            else
                sd_log("%s: %s", cfg->dbs[i], x.message);
            return -1;
        }
        int rc = kschema_check_index(schema, db, cfg->dbs[i], false, &err);
        kx_db_close(db);
        if (rc) {
            sd_log("%s", err.msg);
            return -1;
        }
    }
    return 0;
}

/* The socket's folder (var/ by default) is made when missing. */
static void make_parent(const char *path)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = '\0';
        mkdir(dir, 0755); /* an error shows at bind, with the path */
    }
}

static int check_pidfile(const char *path)
{
    FILE *f = path ? fopen(path, "r") : NULL;
    long pid = 0;
    if (!f)
        return 0;
    int n = fscanf(f, "%ld", &pid);
    fclose(f);
    if (n == 1 && pid > 0 && kill((pid_t)pid, 0) == 0) {
        sd_log("%s: searchd already runs as process %ld", path, pid);
        return -1;
    }
    return 0; /* stale: overwritten */
}

static int write_pidfile(const char *path)
{
    if (!path)
        return 0;
    FILE *f = fopen(path, "w");
    if (!f || fprintf(f, "%ld\n", (long)getpid()) < 0 || fclose(f) != 0) {
        sd_log("%s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

/* Each client holds a descriptor: make room for --max-connections. */
static void raise_fd_limit(unsigned connections)
{
    struct rlimit rl;
    rlim_t want = (rlim_t)connections + 64;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= want)
        return;
    rl.rlim_cur = want < rl.rlim_max ? want : rl.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur < want)
        sd_log("only %llu file descriptors: fewer than --max-connections %u clients may connect",
               (unsigned long long)rl.rlim_cur, connections);
}

/* ---- daemon -------------------------------------------------------------- */

/* Double fork; the original process waits on `ready` and exits 0 when the
 * daemon reports it serves, 1 when it dies first.  The working directory
 * stays: relative paths were made absolute already, but schemas/ may be. */
static int daemonize(int *ready)
{
    int p[2];
    if (pipe(p) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid > 0) {
        char c = 0;
        close(p[1]);
        ssize_t n = read(p[0], &c, 1);
        _exit(n == 1 && c == '1' ? 0 : EXIT_START);
    }
    close(p[0]);
    setsid();
    pid = fork();
    if (pid < 0)
        _exit(EXIT_START);
    if (pid > 0)
        _exit(0);
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
        dup2(null, STDIN_FILENO);
        dup2(null, STDOUT_FILENO); /* stderr stays: it carries the log */
        if (null > STDERR_FILENO)
            close(null);
    }
    *ready = p[1];
    return 0;
}

/* ---- signals ------------------------------------------------------------- */

typedef struct daemon_state {
    sd_loop *loop;
    sd_pool *pool;
    const char *socket;
    struct event *sig[3];
} daemon_state;

static void on_stop(evutil_socket_t sig, short what, void *arg)
{
    (void)what;
    daemon_state *d = arg;
    sd_log("%s: finishing requests in flight, then exiting", strsignal((int)sig));
    sd_loop_stop(d->loop);
    unlink(d->socket); /* nobody can connect now anyway */
}

static void on_hup(evutil_socket_t sig, short what, void *arg)
{
    (void)sig;
    (void)what;
    daemon_state *d = arg;
    sd_log("SIGHUP: reopening the index, reading synonyms.conf again");
    sd_pool_reopen(d->pool);
}

static int watch_signals(daemon_state *d)
{
    struct event_base *base = sd_loop_base(d->loop);
    d->sig[0] = evsignal_new(base, SIGTERM, on_stop, d);
    d->sig[1] = evsignal_new(base, SIGINT, on_stop, d);
    d->sig[2] = evsignal_new(base, SIGHUP, on_hup, d);
    for (int i = 0; i < 3; i++)
        if (!d->sig[i] || evsignal_add(d->sig[i], NULL) != 0)
            return -1;
    return 0;
}

/* ---- main ---------------------------------------------------------------- */

/* schemas/synonyms.conf: a mistake in it stops the start with file and
 * line; no file at all means no synonyms (said once). */
static int load_synonyms(ksynonyms **out)
{
    kerr err;
    if (ksynonyms_load(out, NULL, &err) == 0)
        return 0;
    if (err.code == KERR_IO) { /* no file to read: no synonyms, said once */
        sd_log("%s: searching without synonyms", err.msg);
        return 0;
    }
    sd_log("%s", err.msg);
    return -1;
}

typedef struct sockets {
    int unix_fd, tcp_fd, http_fd; /* -1: none */
} sockets;

static void close_sockets(const sockets *s)
{
    close(s->unix_fd);
    if (s->tcp_fd >= 0)
        close(s->tcp_fd);
    if (s->http_fd >= 0)
        close(s->http_fd);
}

/* A TCP address others can reach is refused without a token: anyone who
 * reaches the port would read the whole archive. */
static int check_exposure(const sd_config *cfg, int fd, const char *option, const char *addr)
{
    if (cfg->token || sd_fd_is_loopback(fd))
        return 0;
    sd_log("%s %s is reachable from other machines: give --token-file FILE, whose token "
           "clients must send (docs/PROTOCOL.md, Authentication), or listen on 127.0.0.1",
           option, addr);
    return -1;
}

static int open_tcp(const sd_config *cfg, int *fd, const char *option, const char *addr)
{
    kerr err;
    if (sd_listen_tcp(fd, addr, &err)) {
        sd_log("%s: %s", option, err.msg);
        return -1;
    }
    if (check_exposure(cfg, *fd, option, addr)) {
        close(*fd);
        *fd = -1;
        return -1;
    }
    return 0;
}

/* What the daemon exposes, and to whom: said once at start-up. */
static void log_exposure(const sd_config *cfg, const sockets *s)
{
    sd_log("exposed: Unix socket %s (mode 0660: its owner and group)", cfg->socket_path);
    const char *opts[2] = {"TCP", "HTTP"};
    const char *addrs[2] = {cfg->listen, cfg->http};
    int fds[2] = {s->tcp_fd, s->http_fd};
    for (int i = 0; i < 2; i++)
        if (addrs[i])
            sd_log("exposed: %s %s (%s), %s", opts[i], addrs[i],
                   sd_fd_is_loopback(fds[i]) ? "loopback: this machine only"
                                             : "reachable from the network",
                   cfg->token ? "token required" : "no token");
}

static int open_sockets(const sd_config *cfg, sockets *s)
{
    kerr err;
    int *unix_fd = &s->unix_fd, *tcp_fd = &s->tcp_fd;
    s->unix_fd = s->tcp_fd = s->http_fd = -1;
    make_parent(cfg->socket_path);
    if (sd_listen_unix(unix_fd, cfg->socket_path, &err)) {
        sd_log("%s", err.msg);
        return -1;
    }
    if (cfg->listen && open_tcp(cfg, tcp_fd, "--listen", cfg->listen)) {
        close(*unix_fd);
        unlink(cfg->socket_path);
        return -1;
    }
    if (cfg->http && open_tcp(cfg, &s->http_fd, "--http", cfg->http)) {
        s->http_fd = -1;
        close_sockets(s);
        unlink(cfg->socket_path);
        return -1;
    }
    log_exposure(cfg, s);
    return 0;
}

/* The stop and reopen signals are held back from the moment the sockets
 * exist until the loop watches them: a client that can already connect may
 * send SIGTERM at once, and it must drain and clean up, not kill.  Worker
 * threads start while the signals are blocked, so only the loop's thread
 * ever takes them. */
static void hold_signals(int how)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(how, &set, NULL);
}

/* Everything after the sockets: loop, workers, signals, then serve. */
static int serve(const sd_config *cfg, const kschema *schema, const ksynonyms *synonyms,
                 const sockets *s, int ready)
{
    daemon_state d = {.socket = cfg->socket_path};
    kerr err;
    sd_stats *stats = sd_stats_new();
    int rc = stats ? sd_loop_new(&d.loop, cfg, s->unix_fd, s->tcp_fd, stats, &err) /* takes them */
                   : kerr_set(&err, KERR_NOMEM, "out of memory");
    if (!stats)
        close_sockets(s);
    else if (s->http_fd >= 0 && rc)
        close(s->http_fd);
    else if (s->http_fd >= 0)
        rc = sd_loop_serve_http(d.loop, s->http_fd, &err); /* takes it */
    /* the word lists, loaded now rather than by the first query (0.2 s) */
    if (rc == 0)
        rc = klexicon_norwegian_check(&err); /* queries would be read otherwise */
    kcompound_never_split();
    if (rc == 0)
        rc = sd_pool_new(&d.pool, cfg, schema, synonyms, stats, sd_loop_notify, d.loop, &err);
    if (rc == 0 && watch_signals(&d))
        rc = kerr_set(&err, KERR_FAIL, "libevent: cannot watch signals");
    if (rc == 0)
        hold_signals(SIG_UNBLOCK); /* one that came meanwhile is delivered now */
    if (rc == 0) {
        sd_loop_set_pool(d.loop, d.pool);
        sd_log("serving %zu database%s on %s%s%s%s%s with %u workers", cfg->ndbs,
               cfg->ndbs == 1 ? "" : "s", cfg->socket_path, cfg->listen ? " and " : "",
               cfg->listen ? cfg->listen : "", cfg->http ? " and http://" : "",
               cfg->http ? cfg->http : "", cfg->workers);
        if (ready >= 0 && (write(ready, "1", 1) != 1 || close(ready) != 0))
            sd_log("could not tell the starting process we are up");
        rc = sd_loop_run(d.loop);
    } else {
        sd_log("%s", err.msg);
    }
    /* stopping already: a second SIGTERM during the clean-up must not kill
     * the process halfway (a socket or pidfile left behind) */
    hold_signals(SIG_BLOCK);
    sd_pool_stop(d.pool);
    for (int i = 0; i < 3; i++)
        if (d.sig[i])
            event_free(d.sig[i]);
    sd_loop_free(d.loop);
    sd_pool_free(d.pool);
    sd_stats_free(stats);
    return rc ? EXIT_START : 0;
}

int main(int argc, char **argv)
{
    options o = {0};
    if (parse_args(argc, argv, &o)) {
        fputs(usage, stderr);
        free_options(&o);
        return EXIT_USAGE;
    }
    kschema *schema = NULL;
    ksynonyms *synonyms = NULL;
    kerr err;
    sockets s;
    int ready = -1, rc = EXIT_START;
    signal(SIGPIPE, SIG_IGN); /* a client gone mid-reply is an error return, not a death */
    sd_nomem_init();          /* before jansson allocates anything */
    hold_signals(SIG_BLOCK);
    if (kschema_load(&schema, NULL, &err)) {
        sd_log("%s", err.msg);
    } else if (load_synonyms(&synonyms) == 0 && check_indexes(&o.cfg, schema) == 0 &&
               check_pidfile(o.cfg.pidfile) == 0 && open_sockets(&o.cfg, &s) == 0) {
        raise_fd_limit(o.cfg.http ? 2 * o.cfg.max_connections : o.cfg.max_connections);
        bool served = false;
        if (!o.cfg.foreground && daemonize(&ready) != 0)
            sd_log("cannot become a daemon: %s", strerror(errno));
        else if (write_pidfile(o.cfg.pidfile) == 0)
            served = true;
        if (served)
            rc = serve(&o.cfg, schema, synonyms, &s, ready); /* takes the sockets */
        else
            close_sockets(&s);
        unlink(o.cfg.socket_path);
        if (o.cfg.pidfile)
            unlink(o.cfg.pidfile);
    }
    ksynonyms_free(synonyms);
    kschema_free(schema);
    free_options(&o);
    libevent_global_shutdown(); /* frees evthread's locks: leak checkers stay quiet */
    return rc;
}

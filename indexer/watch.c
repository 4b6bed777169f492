/* memfd_create and strsignal come with the build's -D_GNU_SOURCE. */
#include "watch.h"

#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The child finds the shared memory by this descriptor number. */
#define WATCH_ENV "KILDE_WATCH_FD"
/* Files left out in one run before the watcher gives up on the run. */
#define WATCH_VERDICTS 64
#define POLL_NS (50 * 1000 * 1000)

typedef struct watch_slot {
    _Atomic int64_t since_ns; /* CLOCK_MONOTONIC; 0 while the thread reads nothing */
    char path[PATH_MAX];
} watch_slot;

typedef struct watch_verdict_entry {
    char path[PATH_MAX];
    char reason[256];
} watch_verdict_entry;

/* Lives in memory shared by the watcher and its child.  Verdicts and
 * one_at_a_time are written by the watcher only while no child runs. */
struct kwatch {
    unsigned nverdicts;
    bool one_at_a_time;
    watch_verdict_entry verdicts[WATCH_VERDICTS];
    watch_slot slots[WATCH_SLOTS];
};

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---- in the child ------------------------------------------------------ */

kwatch *watch_attach(void)
{
    const char *s = getenv(WATCH_ENV);
    char *end;
    long fd = s ? strtol(s, &end, 10) : -1;
    if (!s || *end || fd < 0 || fd > INT_MAX)
        return NULL;
    struct stat st;
    void *p = MAP_FAILED;
    if (fstat((int)fd, &st) == 0 && (size_t)st.st_size >= sizeof(kwatch))
        p = mmap(NULL, sizeof(kwatch), PROT_READ | PROT_WRITE, MAP_SHARED, (int)fd, 0);
    close((int)fd);
    return p == MAP_FAILED ? NULL : p;
}

void watch_detach(kwatch *w)
{
    if (w)
        munmap(w, sizeof *w);
}

bool watch_one_at_a_time(const kwatch *w) { return w && w->one_at_a_time; }

void watch_begin(kwatch *w, int slot, const char *path)
{
    if (!w || slot < 0 || slot >= WATCH_SLOTS)
        return;
    watch_slot *s = &w->slots[slot];
    atomic_store(&s->since_ns, 0); /* the path is being changed */
    snprintf(s->path, sizeof s->path, "%s", path);
    atomic_store(&s->since_ns, now_ns());
}

void watch_end(kwatch *w, int slot)
{
    if (w && slot >= 0 && slot < WATCH_SLOTS)
        atomic_store(&w->slots[slot].since_ns, 0);
}

const char *watch_verdict(const kwatch *w, const char *path)
{
    for (unsigned i = 0; w && i < w->nverdicts; i++)
        if (strcmp(w->verdicts[i].path, path) == 0)
            return w->verdicts[i].reason;
    return NULL;
}

/* ---- in the watcher ---------------------------------------------------- */

static volatile sig_atomic_t running_child;

/* An operator's signal to the watcher is meant for the run. */
static void forward_signal(int sig)
{
    if (running_child > 0)
        kill((pid_t)running_child, sig);
}

/* Only there to cut the watcher's sleep short when the child ends. */
static void child_changed(int sig) { (void)sig; }

static void install_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = forward_signal;
    sa.sa_flags = SA_RESTART;
    int forwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
    for (size_t i = 0; i < sizeof forwarded / sizeof *forwarded; i++)
        sigaction(forwarded[i], &sa, NULL);
    sa.sa_handler = child_changed;
    sa.sa_flags = 0; /* nanosleep returns early */
    sigaction(SIGCHLD, &sa, NULL);
}

static kwatch *create_shared(int *fd)
{
    /* no MFD_CLOEXEC: the child inherits the descriptor through exec */
    *fd = memfd_create("kilde-watch", 0);
    if (*fd < 0)
        return NULL;
    void *p = MAP_FAILED;
    if (ftruncate(*fd, (off_t)sizeof(kwatch)) == 0)
        p = mmap(NULL, sizeof(kwatch), PROT_READ | PROT_WRITE, MAP_SHARED, *fd, 0);
    if (p == MAP_FAILED) {
        close(*fd);
        return NULL;
    }
    return p;
}

/* The child is this program again, from the start: a fresh process, with
 * none of the watcher's state, that dies with the watcher. */
static pid_t start_child(char **argv, int fd)
{
    pid_t watcher = getpid();
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != watcher) /* the watcher died before the line above */
        _exit(127);
    char num[16];
    snprintf(num, sizeof num, "%d", fd);
    setenv(WATCH_ENV, num, 1);
    execv("/proc/self/exe", argv);
    execvp(argv[0], argv);
    fprintf(stderr, "indexer: cannot run itself again: %s\n", strerror(errno));
    _exit(127);
}

static void clear_slots(kwatch *w)
{
    for (int i = 0; i < WATCH_SLOTS; i++)
        atomic_store(&w->slots[i].since_ns, 0);
}

/* Copies the path of a slot being read since `since`, or returns false
 * when its thread moved on while being looked at. */
static bool slot_path(watch_slot *s, int64_t since, char *out, size_t n)
{
    snprintf(out, n, "%s", s->path);
    return atomic_load(&s->since_ns) == since;
}

/* The watcher's view of the slots: a slot's reading is excused the time
 * the watcher itself was stopped (Ctrl-Z stops the whole job) or starved,
 * so that a run resumed after a pause does not cut off what it reads. */
typedef struct watch_clock {
    int64_t last_poll;
    int64_t since[WATCH_SLOTS];  /* the reading the excuse is for */
    int64_t excused[WATCH_SLOTS];
} watch_clock;

/* A gap between polls longer than this was a pause, not a poll. */
#define PAUSE_NS ((int64_t)1000000000)

static void excuse_pause(kwatch *w, watch_clock *c, int64_t now)
{
    int64_t gap = c->last_poll ? now - c->last_poll - POLL_NS : 0;
    c->last_poll = now;
    for (int i = 0; i < WATCH_SLOTS; i++) {
        int64_t since = atomic_load(&w->slots[i].since_ns);
        if (since != c->since[i]) {
            c->since[i] = since;
            c->excused[i] = 0;
        } else if (since && gap > PAUSE_NS) {
            c->excused[i] += gap;
        }
    }
}

/* The file read for longer than the limit, if any. */
static bool overdue(kwatch *w, watch_clock *c, int64_t limit_ns, char *path, size_t n)
{
    int64_t now = now_ns();
    excuse_pause(w, c, now);
    for (int i = 0; i < WATCH_SLOTS; i++) {
        int64_t since = c->since[i];
        if (since && now - since - c->excused[i] > limit_ns &&
            slot_path(&w->slots[i], since, path, n))
            return true;
    }
    return false;
}

static void reap(pid_t pid, int *status)
{
    while (waitpid(pid, status, 0) < 0 && errno == EINTR)
        ;
}

/* Waits for the child to end; returns true when it was cut off for
 * reading `path` too long (then it has been killed and reaped). */
static bool wait_child(kwatch *w, pid_t pid, unsigned limit, int *status, char *path, size_t n)
{
    const struct timespec pause = {0, POLL_NS};
    watch_clock clock;
    memset(&clock, 0, sizeof clock);
    for (;;) {
        pid_t r = waitpid(pid, status, WNOHANG);
        if (r == pid)
            return false;
        if (r < 0 && errno != EINTR) { /* cannot happen to our own child */
            fprintf(stderr, "indexer: lost the run: %s\n", strerror(errno));
            *status = 2 << 8; /* as exit(2) */
            return false;
        }
        if (overdue(w, &clock, (int64_t)limit * 1000000000, path, n)) {
            kill(pid, SIGKILL);
            reap(pid, status);
            return true;
        }
        nanosleep(&pause, NULL);
    }
}

static void add_verdict(kwatch *w, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add_verdict(kwatch *w, const char *path, const char *fmt, ...)
{
    watch_verdict_entry *v = &w->verdicts[w->nverdicts++];
    snprintf(v->path, sizeof v->path, "%s", path);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->reason, sizeof v->reason, fmt, ap);
    va_end(ap);
}

/* Signals that mean the code went wrong, as opposed to someone ending the
 * run (SIGKILL, SIGTERM, SIGINT …), which is never a file's fault. */
static bool is_fault(int sig)
{
    return sig == SIGSEGV || sig == SIGBUS || sig == SIGABRT || sig == SIGFPE ||
           sig == SIGILL || sig == SIGTRAP || sig == SIGSYS;
}

/* After the child died of a fault: leaves out the file it was reading, or
 * asks for one file at a time when it was reading several.  Returns false
 * when no file can be blamed. */
static bool blame(kwatch *w, int sig)
{
    char path[PATH_MAX] = "";
    int reading = 0;
    for (int i = 0; i < WATCH_SLOTS; i++) {
        int64_t since = atomic_load(&w->slots[i].since_ns);
        if (since && slot_path(&w->slots[i], since, path, sizeof path))
            reading++;
    }
    if (!is_fault(sig) || reading == 0 || (reading > 1 && w->one_at_a_time))
        return false;
    if (reading > 1) {
        fprintf(stderr, "indexer: the run crashed (%s) while reading %d files; it goes on "
                        "one file at a time to find which\n", strsignal(sig), reading);
        w->one_at_a_time = true;
        return true;
    }
    fprintf(stderr, "indexer: %s: the run crashed reading it (%s); it goes on without it\n",
            path, strsignal(sig));
    add_verdict(w, path, "the indexer crashed reading it (%s); left out of this run",
                strsignal(sig));
    return true;
}

/* Ends the watcher as its child ended, so that whoever runs the indexer
 * sees the same status (a shell's 137 for SIGKILL).  A fault is returned
 * as 128 + its number rather than raised, to leave no core of the watcher. */
static int end_like(int sig)
{
    fprintf(stderr, "indexer: the run was ended by %s\n", strsignal(sig));
    if (is_fault(sig))
        return 128 + sig;
    signal(sig, SIG_DFL);
    raise(sig);
    return 128 + sig;
}

static int watch_loop(kwatch *w, int fd, char **argv, unsigned limit)
{
    for (;;) {
        clear_slots(w);
        pid_t pid = start_child(argv, fd);
        if (pid < 0) {
            fprintf(stderr, "indexer: cannot start the run: %s\n", strerror(errno));
            return 2;
        }
        running_child = pid;
        int status = 0;
        char path[PATH_MAX];
        bool cut = wait_child(w, pid, limit, &status, path, sizeof path);
        running_child = 0;
        if (!cut && WIFEXITED(status))
            return WEXITSTATUS(status);
        if (cut) {
            fprintf(stderr, "indexer: %s: still being read after %u s; cut off, and the run "
                            "goes on without it\n", path, limit);
            add_verdict(w, path, "not read within the time limit of %u s (--file-timeout); "
                                 "left out of this run", limit);
        } else if (!blame(w, WTERMSIG(status))) {
            return end_like(WTERMSIG(status));
        }
        if (w->nverdicts == WATCH_VERDICTS) {
            fprintf(stderr, "indexer: %d files were cut off or crashed the run; it stops "
                            "here\n", WATCH_VERDICTS);
            return 2;
        }
    }
}

int watch_run(char **argv, unsigned limit_seconds)
{
    int fd;
    kwatch *w = create_shared(&fd);
    if (!w) {
        fprintf(stderr, "indexer: cannot watch the run (%s); files are read without a "
                        "time limit\n", strerror(errno));
        return -1;
    }
    install_handlers();
    int rc = watch_loop(w, fd, argv, limit_seconds);
    munmap(w, sizeof *w);
    close(fd);
    return rc;
}

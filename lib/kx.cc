/*
 * kx.cc — the C binding over libxapian declared in kx.h.
 *
 * Every handle wraps Xapian objects by value (they are reference-counted
 * handles themselves, so copies share one database).  Every exported
 * function runs its body through guard(), which turns any C++ exception
 * into a KX_E* code and a message, so nothing throws across the C boundary.
 */
#include "kx.h"

#include <xapian.h>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <vector>

struct kx_db {
    Xapian::Database db;        // every read goes through this handle
    Xapian::WritableDatabase wdb; // shares db's internals when writable
    bool writable = false;
};

struct kx_doc {
    Xapian::Document doc;
    // Copies of the data and values, so the const char * accessors (which
    // cannot report errors) never have to read a database lazily.
    std::string data;
    std::map<unsigned, std::string> values;
};

struct kx_stem { Xapian::Stem stem; };
struct kx_termgen { Xapian::TermGenerator tg; };
struct kx_query { Xapian::Query q; };
struct kx_qparser { Xapian::QueryParser qp; };

struct kx_enquire {
    Xapian::Database db; // kept to reopen after DatabaseModifiedError
    Xapian::Enquire enq;
    Xapian::Query query;               // as set; the match may add filters to it
    std::vector<std::string> required; // kx_enquire_require_term's terms
    explicit kx_enquire(const Xapian::Database &d) : db(d), enq(d) {}
};

struct kx_mset { Xapian::MSet mset; };

struct kx_spy {
    // Owned here, not by the Enquire: Xapian 1.4 keeps only a raw pointer
    // (we never call release()), so the spy must outlive every
    // kx_enquire_mset that uses it — free it after the enquire.
    Xapian::ValueCountMatchSpy *spy;
};

namespace {

// Our own failures (bad arguments, read-only handles) travel the same path.
struct kx_failure {
    int code;
    std::string msg;
};

void set_error(kx_error *err, int code, const std::string &msg)
{
    if (!err)
        return;
    err->code = code;
    std::snprintf(err->message, sizeof err->message, "%s", msg.c_str());
}

bool path_exists(const char *path)
{
    struct stat st;
    return path && stat(path, &st) == 0;
}

std::string describe(const Xapian::Error &e, const char *ctx)
{
    std::string m = e.get_type();
    m += ": ";
    m += e.get_msg();
    const char *es = e.get_error_string();
    if (es && *es)
        m += std::string(" (") + es + ")";
    if (!e.get_context().empty())
        m += " [" + e.get_context() + "]";
    if (ctx && m.find(ctx) == std::string::npos)
        m = std::string(ctx) + ": " + m;
    return m;
}

// Set on bad_alloc; read and cleared by kx_nomem_take.  Per thread, as
// each of searchd's workers answers its own request.
thread_local bool nomem_seen = false;

// Without std::string: used when memory has run out.
void set_nomem(kx_error *err)
{
    nomem_seen = true;
    if (!err)
        return;
    err->code = KX_ENOMEM;
    std::snprintf(err->message, sizeof err->message, "out of memory");
}

int fail(kx_error *err, int code, const Xapian::Error &e, const char *ctx)
{
    set_error(err, code, describe(e, ctx));
    return code;
}

// Maps the exception being handled to a code; call only inside a catch.
// Xapian::Error has no virtual functions, so the catch order does the
// dispatch: subclasses (lock, not-found) before DatabaseOpeningError.
int report_caught(kx_error *err, const char *ctx)
{
    try {
        throw;
    } catch (const kx_failure &f) {
        set_error(err, f.code, f.msg);
        return f.code;
    } catch (const Xapian::DatabaseLockError &e) {
        return fail(err, KX_ELOCKED, e, ctx);
    } catch (const Xapian::DatabaseNotFoundError &e) {
        return fail(err, KX_ENOTFOUND, e, ctx);
    } catch (const Xapian::DatabaseOpeningError &e) {
        // Older Xapian threw the generic opening error for a missing path.
        return fail(err, ctx && !path_exists(ctx) ? KX_ENOTFOUND : KX_ERROR, e, ctx);
    } catch (const Xapian::DocNotFoundError &e) {
        return fail(err, KX_ENOTFOUND, e, ctx);
    } catch (const Xapian::DatabaseModifiedError &e) {
        return fail(err, KX_EMODIFIED, e, ctx);
    } catch (const Xapian::DatabaseCorruptError &e) {
        return fail(err, KX_ECORRUPT, e, ctx);
    } catch (const Xapian::QueryParserError &e) {
        return fail(err, KX_EQUERY, e, ctx);
    } catch (const Xapian::NetworkError &e) { // includes NetworkTimeoutError
        return fail(err, KX_ENETWORK, e, ctx);
    } catch (const Xapian::InvalidArgumentError &e) {
        return fail(err, KX_EINVAL, e, ctx);
    } catch (const Xapian::InvalidOperationError &e) {
        // Read-only writes are refused before reaching Xapian (need_writable),
        // so this is a misuse such as committing without a transaction.
        return fail(err, KX_EINVAL, e, ctx);
    } catch (const Xapian::Error &e) {
        return fail(err, KX_ERROR, e, ctx);
    } catch (const std::bad_alloc &) {
        set_nomem(err);
        return KX_ENOMEM;
    } catch (const std::exception &e) {
        set_error(err, KX_ERROR, std::string("C++ exception: ") + e.what());
    } catch (...) {
        set_error(err, KX_ERROR, "unknown C++ exception");
    }
    return KX_ERROR;
}

// Building the message (describe) allocates, and may itself throw
// bad_alloc when memory is short: that must not escape the catch.
int report(kx_error *err, const char *ctx)
{
    try {
        return report_caught(err, ctx);
    } catch (...) {
        set_nomem(err);
        return KX_ENOMEM;
    }
}

// The one exception boundary.  `ctx` (a path, or NULL) names what was being
// opened: it goes into the message and decides "missing" vs other errors.
// It is a reference so that a loop can point it at the item that failed.
template<class F> int guard(kx_error *err, const char *const &ctx, F f)
{
    try {
        f();
        set_error(err, KX_OK, "");
        return KX_OK;
    } catch (...) {
        return report(err, ctx);
    }
}
template<class F> int guard(kx_error *err, F f) { return guard(err, nullptr, f); }

template<class P> void need(P p, const char *what)
{
    if (!p)
        throw kx_failure{KX_EINVAL, std::string(what) + " is NULL"};
}

Xapian::WritableDatabase &need_writable(kx_db *db, const char *op)
{
    need(db, "db");
    if (!db->writable)
        throw kx_failure{KX_EREADONLY,
                         std::string(op) + ": database handle is read-only"};
    return db->wdb;
}

char *dup(const std::string &s)
{
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (!p)
        throw std::bad_alloc();
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    return p;
}

// Retries a read once after reopening when a writer has moved on.
template<class F> auto retry_modified(Xapian::Database &db, F f) -> decltype(f())
{
    try {
        return f();
    } catch (const Xapian::DatabaseModifiedError &) {
        db.reopen();
        return f();
    }
}

kx_doc *wrap_doc(const Xapian::Document &d)
{
    auto out = std::make_unique<kx_doc>();
    out->doc = d;
    out->data = d.get_data();
    for (auto v = d.values_begin(); v != d.values_end(); ++v)
        out->values[v.get_valueno()] = *v;
    return out.release();
}

Xapian::Query::op map_op(int op)
{
    switch (op) {
    case KX_OP_AND: return Xapian::Query::OP_AND;
    case KX_OP_OR: return Xapian::Query::OP_OR;
    case KX_OP_AND_NOT: return Xapian::Query::OP_AND_NOT;
    case KX_OP_FILTER: return Xapian::Query::OP_FILTER;
    case KX_OP_AND_MAYBE: return Xapian::Query::OP_AND_MAYBE;
    case KX_OP_PHRASE: return Xapian::Query::OP_PHRASE;
    case KX_OP_NEAR: return Xapian::Query::OP_NEAR;
    case KX_OP_ELITE_SET: return Xapian::Query::OP_ELITE_SET;
    case KX_OP_SYNONYM: return Xapian::Query::OP_SYNONYM;
    case KX_OP_MAX: return Xapian::Query::OP_MAX;
    case KX_OP_XOR: return Xapian::Query::OP_XOR;
    }
    // SCALE_WEIGHT and VALUE_RANGE have their own constructors.
    throw kx_failure{KX_EINVAL, "operator " + std::to_string(op) +
                                    " cannot combine subqueries"};
}

unsigned map_qp_flags(int flags)
{
    static const struct { int kx; unsigned xap; } table[] = {
        {KX_QP_BOOLEAN, Xapian::QueryParser::FLAG_BOOLEAN},
        {KX_QP_PHRASE, Xapian::QueryParser::FLAG_PHRASE},
        {KX_QP_LOVEHATE, Xapian::QueryParser::FLAG_LOVEHATE},
        {KX_QP_BOOLEAN_ANY_CASE, Xapian::QueryParser::FLAG_BOOLEAN_ANY_CASE},
        {KX_QP_WILDCARD, Xapian::QueryParser::FLAG_WILDCARD},
        {KX_QP_PURE_NOT, Xapian::QueryParser::FLAG_PURE_NOT},
        {KX_QP_PARTIAL, Xapian::QueryParser::FLAG_PARTIAL},
        {KX_QP_SPELLING_CORRECTION, Xapian::QueryParser::FLAG_SPELLING_CORRECTION},
        {KX_QP_SYNONYM, Xapian::QueryParser::FLAG_SYNONYM},
        {KX_QP_AUTO_SYNONYMS, Xapian::QueryParser::FLAG_AUTO_SYNONYMS},
        {KX_QP_AUTO_MULTIWORD_SYNONYMS, Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS},
    };
    unsigned out = 0;
    int seen = 0;
    for (const auto &t : table)
        if (flags & t.kx) {
            out |= t.xap;
            seen |= t.kx;
        }
    if (flags & ~seen)
        throw kx_failure{KX_EINVAL, "unknown query parser flags " + std::to_string(flags & ~seen)};
    return out;
}

Xapian::Stem stem_of(const kx_stem *s) { return s ? s->stem : Xapian::Stem(); }


/* ---- creating a database ----------------------------------------------- */

// Xapian creates a database in place, in steps: a process killed in its
// first tens of milliseconds leaves flintlock, postlist.glass and v.tmp but
// no iamglass, a folder Xapian then refuses for ever.  So a new database is
// made in a hidden sibling folder and renamed into place whole, and a
// folder that such a kill left behind (by an older program, or a creation
// in place) is recognised and made again.

bool ends_with(const std::string &s, const char *suffix)
{
    size_t n = std::strlen(suffix);
    return s.size() > n && s.compare(s.size() - n, n, suffix) == 0;
}

// The files Xapian (glass) keeps in a database folder, its version file aside.
bool xapian_own_file(const std::string &name)
{
    return name == "flintlock" || ends_with(name, ".glass") || ends_with(name, ".tmp");
}

bool version_file(const std::string &name)
{
    return name == "iamglass" || name == "iamchert" || name == "iamhoney";
}

struct folder_scan {
    bool exists = false, is_dir = false, version = false;
    size_t files = 0;
    std::string foreign; // the first entry that is not Xapian's
};

folder_scan scan_folder(const std::string &path)
{
    folder_scan f;
    struct stat st;
    if (stat(path.c_str(), &st) != 0) {
        // out of reach (not missing): not ours to judge, Xapian reports it
        f.exists = f.version = errno != ENOENT;
        return f;
    }
    f.exists = true;
    f.is_dir = S_ISDIR(st.st_mode);
    DIR *d = f.is_dir ? opendir(path.c_str()) : nullptr;
    if (f.is_dir && !d)
        f.version = true; // unreadable: likewise
    while (struct dirent *e = d ? readdir(d) : nullptr) {
        std::string name = e->d_name;
        if (name == "." || name == "..")
            continue;
        f.files++;
        if (version_file(name))
            f.version = true;
        else if (!xapian_own_file(name) && f.foreign.empty())
            f.foreign = name;
    }
    if (d)
        closedir(d);
    return f;
}

std::string sys_error(const std::string &what, int errnum)
{
    return what + ": " + std::strerror(errnum);
}

// Removes Xapian's own files and then the folder; anything else stays, and
// so does the folder.
void remove_creation(const std::string &dir, bool rmdir_too)
{
    DIR *d = opendir(dir.c_str());
    while (struct dirent *e = d ? readdir(d) : nullptr) {
        std::string name = e->d_name;
        if (xapian_own_file(name) || version_file(name))
            unlink((dir + "/" + name).c_str());
    }
    if (d)
        closedir(d);
    if (rmdir_too)
        rmdir(dir.c_str());
}

void fsync_path(const std::string &path, int flags)
{
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | flags);
    if (fd < 0 || fsync(fd) != 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        throw kx_failure{KX_ERROR, sys_error("cannot sync " + path, e)};
    }
    close(fd);
}

// Every file of the new database and the folder itself reach the disk
// before the folder is renamed into place.
void fsync_folder(const std::string &dir)
{
    DIR *d = opendir(dir.c_str());
    if (!d)
        throw kx_failure{KX_ERROR, sys_error("cannot read " + dir, errno)};
    std::vector<std::string> names;
    while (struct dirent *e = readdir(d))
        if (std::strcmp(e->d_name, ".") && std::strcmp(e->d_name, ".."))
            names.push_back(e->d_name);
    closedir(d);
    for (const auto &n : names)
        fsync_path(dir + "/" + n, 0);
    fsync_path(dir, O_DIRECTORY);
}

struct sibling {
    std::string parent, prefix; // prefix: ".NAME.creating-"
};

sibling sibling_of(std::string path)
{
    while (path.size() > 1 && path.back() == '/')
        path.pop_back();
    size_t slash = path.rfind('/');
    sibling s;
    s.parent = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    s.prefix = "." + (slash == std::string::npos ? path : path.substr(slash + 1)) + ".creating-";
    return s;
}

// Whether the process that named a creation folder (".NAME.creating-PID-N")
// is gone.  A reused pid only keeps the folder a while longer.
bool creator_gone(const std::string &name, size_t prefix_len)
{
    char *end = nullptr;
    long pid = std::strtol(name.c_str() + prefix_len, &end, 10);
    return end && *end == '-' && pid > 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

// A creation folder whose process is gone holds no lock: it is removed.
// An empty one may be a creation that has not locked it yet, so it stays,
// unless the process that made it is gone (killed between mkdir and flock).
void remove_stale_creations(const sibling &s)
{
    DIR *d = opendir(s.parent.c_str());
    std::vector<std::string> stale;
    while (struct dirent *e = d ? readdir(d) : nullptr)
        if (std::strncmp(e->d_name, s.prefix.c_str(), s.prefix.size()) == 0)
            stale.push_back(s.parent + "/" + e->d_name);
    if (d)
        closedir(d);
    for (const auto &dir : stale) {
        int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        folder_scan f = scan_folder(dir);
        std::string name = dir.substr(s.parent.size() + 1);
        if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0 && f.foreign.empty() &&
            (f.files > 0 || creator_gone(name, s.prefix.size())))
            remove_creation(dir, true);
        if (fd >= 0)
            close(fd);
    }
}

// A fresh sibling folder, made as Xapian makes its own (mode 0777 less the
// umask, unlike mkdtemp's 0700), or "" when the parent cannot take one.
std::string make_sibling(const sibling &s)
{
    for (int n = 0; n < 100; n++) {
        std::string dir = s.parent + "/" + s.prefix + std::to_string(getpid()) + "-" +
                          std::to_string(n);
        if (mkdir(dir.c_str(), 0777) == 0)
            return dir;
        if (errno != EEXIST)
            break;
    }
    return "";
}

// Makes a missing database in a locked sibling folder and renames it into
// place once whole.  Without a sibling (a parent we may not write) Xapian
// creates it in place, and a kill then leaves what prepare_creation
// recognises.
void create_atomically(const std::string &path)
{
    sibling s = sibling_of(path);
    remove_stale_creations(s);
    std::string tmp = make_sibling(s);
    int fd = tmp.empty() ? -1 : open(tmp.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || flock(fd, LOCK_EX) != 0) { // held until renamed: not stale
        if (fd >= 0)
            close(fd);
        if (!tmp.empty())
            rmdir(tmp.c_str());
        return;
    }
    bool placed = false;
    try {
        Xapian::WritableDatabase(tmp, Xapian::DB_CREATE).close();
        fsync_folder(tmp);
        placed = rename(tmp.c_str(), path.c_str()) == 0;
        if (placed)
            fsync_path(s.parent, O_DIRECTORY);
    } catch (...) {
        remove_creation(tmp, true);
        close(fd);
        throw;
    }
    if (!placed) // another run placed one first
        remove_creation(tmp, true);
    close(fd);
}

// Before a writable open that may create: a missing database is made whole
// before it appears; a folder left without a version file by a creation cut
// short, holding only Xapian's own files, is emptied for Xapian to create
// in (an existing folder keeps its owner and mode); a folder holding
// anything else is refused.
void prepare_creation(const std::string &path)
{
    folder_scan f = scan_folder(path);
    if (f.exists && (!f.is_dir || f.version))
        return; // a database (or a stub file, or nothing we may judge): Xapian's
    if (!f.foreign.empty())
        throw kx_failure{KX_ERROR, path + " is not a Xapian database (no iamglass) and holds "
                                          "other files ('" + f.foreign + "'): left as it is"};
    if (f.exists)
        remove_creation(path, false);
    else
        create_atomically(path);
}

} // namespace

extern "C" {

int kx_nomem_take(void)
{
    bool seen = nomem_seen;
    nomem_seen = false;
    return seen;
}

const char *kx_strerror(int code)
{
    switch (code) {
    case KX_OK: return "success";
    case KX_ERROR: return "Xapian error";
    case KX_ENOTFOUND: return "not found";
    case KX_ELOCKED: return "database is locked";
    case KX_EREADONLY: return "database is read-only";
    case KX_EMODIFIED: return "database was modified; reopen";
    case KX_EQUERY: return "query syntax error";
    case KX_ESCHEMA: return "data does not fit the schema";
    case KX_ENETWORK: return "remote database unreachable";
    case KX_ECORRUPT: return "database is corrupt";
    case KX_EINVAL: return "invalid argument";
    case KX_ENOMEM: return "out of memory";
    }
    return "unknown error code";
}

/* ---- databases ---------------------------------------------------------- */

int kx_db_open(kx_db **out, const char *path, int mode, kx_error *err)
{
    if (out) *out = nullptr;
    return guard(err, path, [&] {
        need(out, "out");
        need(path, "path");
        auto db = std::make_unique<kx_db>();
        if (mode == KX_DB_READONLY) {
            db->db = Xapian::Database(path);
        } else if (mode == KX_DB_CREATE_OR_OPEN || mode == KX_DB_OPEN) {
            if (mode == KX_DB_CREATE_OR_OPEN)
                prepare_creation(path);
            db->wdb = Xapian::WritableDatabase(
                path, mode == KX_DB_OPEN ? Xapian::DB_OPEN : Xapian::DB_CREATE_OR_OPEN);
            db->db = db->wdb;
            db->writable = true;
        } else {
            throw kx_failure{KX_EINVAL, "unknown open mode " + std::to_string(mode)};
        }
        *out = db.release();
    });
}

int kx_db_open_many(kx_db **out, const char *const *paths, size_t n, kx_error *err)
{
    if (out) *out = nullptr;
    const char *current = nullptr; // names the shard that failed
    return guard(err, current, [&] {
        need(out, "out");
        if (n) need(paths, "paths");
        Xapian::Database all;
        for (size_t i = 0; i < n; i++) {
            current = paths[i];
            need(current, "paths[i]");
            all.add_database(Xapian::Database(current));
        }
        *out = new kx_db;
        (*out)->db = all;
    });
}

int kx_db_open_remote(kx_db **out, const char *host, unsigned port, unsigned timeout_ms,
                      kx_error *err)
{
    if (out) *out = nullptr;
    std::string where = std::string(host ? host : "(null)") + ":" + std::to_string(port);
    return guard(err, where.c_str(), [&] {
        need(out, "out");
        need(host, "host");
        unsigned t = timeout_ms ? timeout_ms : 10000;
        Xapian::Database remote = Xapian::Remote::open(host, port, t, t);
        *out = new kx_db;
        (*out)->db = remote;
    });
}

int kx_db_add(kx_db *db, kx_db *shard, kx_error *err)
{
    return guard(err, [&] {
        need(db, "db");
        need(shard, "shard");
        // A writable handle is one database; shards only make sense for reads.
        if (db->writable)
            throw kx_failure{KX_EINVAL, "kx_db_add: cannot add shards to a writable database"};
        db->db.add_database(shard->db);
    });
}

void kx_db_close(kx_db *db)
{
    // Xapian commits pending changes of a writable database when it closes.
    guard(nullptr, [&] { delete db; });
}

int kx_db_is_writable(const kx_db *db) { return db && db->writable; }

int kx_db_reopen(kx_db *db, int *changed, kx_error *err)
{
    if (changed) *changed = 0;
    return guard(err, [&] {
        need(db, "db");
        bool moved = db->db.reopen();
        if (changed) *changed = moved;
    });
}

int kx_db_commit(kx_db *db, kx_error *err)
{
    return guard(err, [&] { need_writable(db, "kx_db_commit").commit(); });
}

int kx_db_begin(kx_db *db, kx_error *err)
{
    return guard(err, [&] { need_writable(db, "kx_db_begin").begin_transaction(true); });
}

int kx_db_begin_unflushed(kx_db *db, kx_error *err)
{
    return guard(err, [&] {
        need_writable(db, "kx_db_begin_unflushed").begin_transaction(false);
    });
}

int kx_db_commit_transaction(kx_db *db, kx_error *err)
{
    return guard(err, [&] { need_writable(db, "kx_db_commit_transaction").commit_transaction(); });
}

int kx_db_cancel_transaction(kx_db *db, kx_error *err)
{
    return guard(err, [&] { need_writable(db, "kx_db_cancel_transaction").cancel_transaction(); });
}

int kx_db_doccount(const kx_db *db, unsigned *out, kx_error *err)
{
    return guard(err, [&] {
        need(db, "db");
        need(out, "out");
        *out = db->db.get_doccount();
    });
}

int kx_db_revision(const kx_db *db, unsigned long *out, kx_error *err)
{
    if (out) *out = 0;
    return guard(err, [&] {
        need(db, "db");
        need(out, "out");
        if (db->db.size() != 1)
            return; // Xapian defines no revision for a multi-database
        try {
            *out = db->db.get_revision();
        } catch (const Xapian::InvalidOperationError &) {
            // A backend without revisions (e.g. remote): report 0.
        } catch (const Xapian::UnimplementedError &) {
        }
    });
}

int kx_db_termfreq(const kx_db *db, const char *term, unsigned *out, kx_error *err)
{
    return guard(err, [&] {
        need(db, "db");
        need(term, "term");
        need(out, "out");
        *out = db->db.get_termfreq(term);
    });
}

int kx_db_get_metadata(const kx_db *db, char **out, const char *key, kx_error *err)
{
    if (out) *out = nullptr;
    return guard(err, [&] {
        need(db, "db");
        need(out, "out");
        need(key, "key");
        *out = dup(db->db.get_metadata(key));
    });
}

int kx_db_shards(const kx_db *db, size_t *out, kx_error *err)
{
    if (out) *out = 0;
    return guard(err, [&] {
        need(db, "db");
        need(out, "out");
        *out = db->db.size();
    });
}

int kx_db_shard_metadata(const kx_db *db, size_t shard, char **out, const char *key,
                         kx_error *err)
{
    if (out) *out = nullptr;
    return guard(err, [&] {
        need(db, "db");
        need(out, "out");
        need(key, "key");
        if (shard >= db->db.size())
            throw kx_failure{KX_EINVAL, "kx_db_shard_metadata: no shard " +
                                            std::to_string(shard) + " of " +
                                            std::to_string(db->db.size())};
        // Xapian 1.4 offers a shard of a stub file (local or remote) only
        // through the Database's public internals; a Database made of one
        // reads that shard's metadata (its own get_metadata reads shard 0).
        Xapian::Database one(db->db.internal[shard].get());
        *out = dup(one.get_metadata(key));
    });
}

int kx_db_set_metadata(kx_db *db, const char *key, const char *value, kx_error *err)
{
    return guard(err, [&] {
        auto &w = need_writable(db, "kx_db_set_metadata");
        need(key, "key");
        w.set_metadata(key, value ? value : "");
    });
}

int kx_db_metadata_keys(const kx_db *db, const char *prefix,
                        int (*fn)(const char *key, void *arg), void *arg, kx_error *err)
{
    return guard(err, [&] {
        need(db, "db");
        need(fn, "fn");
        std::string p = prefix ? prefix : "";
        for (auto it = db->db.metadata_keys_begin(p); it != db->db.metadata_keys_end(p); ++it)
            if (fn((*it).c_str(), arg))
                break;
    });
}

int kx_db_allterms(const kx_db *db, const char *prefix,
                   int (*fn)(const char *term, unsigned freq, void *arg), void *arg,
                   kx_error *err)
{
    return guard(err, [&] {
        need(db, "db");
        need(fn, "fn");
        std::string p = prefix ? prefix : "";
        for (auto it = db->db.allterms_begin(p); it != db->db.allterms_end(p); ++it)
            if (fn((*it).c_str(), it.get_termfreq(), arg))
                break;
    });
}

int kx_db_postings(const kx_db *db, const char *term,
                   int (*fn)(unsigned docid, void *arg), void *arg, kx_error *err)
{
    return guard(err, [&] {
        need(db, "db");
        need(term, "term");
        need(fn, "fn");
        for (auto it = db->db.postlist_begin(term); it != db->db.postlist_end(term); ++it)
            if (fn(*it, arg))
                break;
    });
}

int kx_db_positions(const kx_db *db, unsigned docid, const char *term, unsigned *out,
                    size_t cap, size_t *n, kx_error *err)
{
    if (n) *n = 0;
    return guard(err, [&] {
        need(db, "db");
        need(term, "term");
        need(n, "n");
        if (cap) need(out, "out");
        for (auto it = db->db.positionlist_begin(docid, term);
             it != db->db.positionlist_end(docid, term) && *n < cap; ++it)
            out[(*n)++] = *it;
    });
}

int kx_db_has_term(const kx_db *db, unsigned docid, const char *term, int *out, kx_error *err)
{
    if (out) *out = 0;
    return guard(err, [&] {
        need(db, "db");
        need(term, "term");
        need(out, "out");
        auto it = db->db.postlist_begin(term);
        if (it == db->db.postlist_end(term))
            return;
        it.skip_to(docid);
        *out = it != db->db.postlist_end(term) && *it == docid;
    });
}

int kx_db_add_document(kx_db *db, unsigned *docid_out, const kx_doc *doc, kx_error *err)
{
    if (docid_out) *docid_out = 0;
    return guard(err, [&] {
        auto &w = need_writable(db, "kx_db_add_document");
        need(doc, "doc");
        unsigned id = w.add_document(doc->doc);
        if (docid_out) *docid_out = id;
    });
}

int kx_db_replace_document(kx_db *db, const char *idterm, const kx_doc *doc, kx_error *err)
{
    return guard(err, [&] {
        auto &w = need_writable(db, "kx_db_replace_document");
        need(idterm, "idterm");
        need(doc, "doc");
        w.replace_document(idterm, doc->doc);
    });
}

int kx_db_delete_documents(kx_db *db, const char *term, kx_error *err)
{
    return guard(err, [&] {
        auto &w = need_writable(db, "kx_db_delete_documents");
        need(term, "term");
        w.delete_document(std::string(term));
    });
}

int kx_db_get_document(kx_doc **out, const kx_db *db, unsigned docid, kx_error *err)
{
    if (out) *out = nullptr;
    return guard(err, [&] {
        need(out, "out");
        need(db, "db");
        // The handle is shared, so reopening through a copy reopens db too.
        Xapian::Database d = db->db;
        *out = retry_modified(d, [&] { return wrap_doc(d.get_document(docid)); });
    });
}

int kx_db_add_spelling(kx_db *db, const char *word, unsigned freq_inc, kx_error *err)
{
    return guard(err, [&] {
        auto &w = need_writable(db, "kx_db_add_spelling");
        need(word, "word");
        w.add_spelling(word, freq_inc);
    });
}

int kx_db_spelling_suggestion(const kx_db *db, char **out, const char *word,
                              unsigned max_edits, kx_error *err)
{
    if (out) *out = nullptr;
    return guard(err, [&] {
        need(db, "db");
        need(out, "out");
        need(word, "word");
        *out = dup(db->db.get_spelling_suggestion(word, max_edits));
    });
}

int kx_db_add_synonym(kx_db *db, const char *term, const char *synonym, kx_error *err)
{
    return guard(err, [&] {
        auto &w = need_writable(db, "kx_db_add_synonym");
        need(term, "term");
        need(synonym, "synonym");
        w.add_synonym(term, synonym);
    });
}

int kx_db_clear_synonyms(kx_db *db, const char *term, kx_error *err)
{
    return guard(err, [&] {
        auto &w = need_writable(db, "kx_db_clear_synonyms");
        need(term, "term");
        w.clear_synonyms(term);
    });
}

int kx_db_synonyms(const kx_db *db, const char *term,
                   int (*fn)(const char *syn, void *arg), void *arg, kx_error *err)
{
    return guard(err, [&] {
        need(db, "db");
        need(term, "term");
        need(fn, "fn");
        for (auto it = db->db.synonyms_begin(term); it != db->db.synonyms_end(term); ++it)
            if (fn((*it).c_str(), arg))
                break;
    });
}

/* ---- documents ---------------------------------------------------------- */

int kx_doc_new(kx_doc **out, kx_error *err)
{
    if (out) *out = nullptr;
    return guard(err, [&] {
        need(out, "out");
        *out = new kx_doc;
    });
}

void kx_doc_free(kx_doc *doc) { guard(nullptr, [&] { delete doc; }); }

int kx_doc_set_data(kx_doc *doc, const char *data, size_t len, kx_error *err)
{
    return guard(err, [&] {
        need(doc, "doc");
        if (len) need(data, "data");
        std::string s(data ? data : "", len);
        doc->doc.set_data(s);
        doc->data = s;
    });
}

const char *kx_doc_data(const kx_doc *doc, size_t *len)
{
    if (len) *len = doc ? doc->data.size() : 0;
    return doc ? doc->data.c_str() : "";
}

int kx_doc_add_term(kx_doc *doc, const char *term, unsigned wdf_inc, kx_error *err)
{
    return guard(err, [&] {
        need(doc, "doc");
        need(term, "term");
        doc->doc.add_term(term, wdf_inc);
    });
}

int kx_doc_add_boolean_term(kx_doc *doc, const char *term, kx_error *err)
{
    return guard(err, [&] {
        need(doc, "doc");
        need(term, "term");
        doc->doc.add_boolean_term(term);
    });
}

int kx_doc_add_posting(kx_doc *doc, const char *term, unsigned pos, unsigned wdf_inc,
                       kx_error *err)
{
    return guard(err, [&] {
        need(doc, "doc");
        need(term, "term");
        doc->doc.add_posting(term, pos, wdf_inc);
    });
}

int kx_doc_set_value(kx_doc *doc, unsigned slot, const char *value, size_t len,
                     kx_error *err)
{
    return guard(err, [&] {
        need(doc, "doc");
        if (len) need(value, "value");
        std::string s(value ? value : "", len);
        doc->doc.add_value(slot, s);
        // An empty value removes the slot, as in Xapian.
        if (s.empty())
            doc->values.erase(slot);
        else
            doc->values[slot] = s;
    });
}

const char *kx_doc_value(const kx_doc *doc, unsigned slot, size_t *len)
{
    if (len) *len = 0;
    if (!doc)
        return "";
    auto it = doc->values.find(slot);
    if (it == doc->values.end())
        return "";
    if (len) *len = it->second.size();
    return it->second.c_str();
}

unsigned kx_doc_docid(const kx_doc *doc) { return doc ? doc->doc.get_docid() : 0; }

int kx_doc_check(const kx_doc *doc, kx_error *err)
{
    // MAX_SAFE_TERM_LENGTH of Xapian 1.4's glass backend.
    const size_t max_term = 245;
    return guard(err, [&] {
        need(doc, "doc");
        for (auto it = doc->doc.termlist_begin(); it != doc->doc.termlist_end(); ++it) {
            const std::string &t = *it;
            if (t.size() > max_term)
                throw kx_failure{KX_EINVAL, "term of " + std::to_string(t.size()) +
                                                " bytes, over Xapian's limit of " +
                                                std::to_string(max_term) + ": '" +
                                                t.substr(0, 40) + "...'"};
        }
    });
}

int kx_doc_terms(const kx_doc *doc, int (*fn)(const char *term, unsigned wdf, void *arg),
                 void *arg, kx_error *err)
{
    return guard(err, [&] {
        need(doc, "doc");
        need(fn, "fn");
        for (auto it = doc->doc.termlist_begin(); it != doc->doc.termlist_end(); ++it)
            if (fn((*it).c_str(), it.get_wdf(), arg))
                break;
    });
}

size_t kx_sortable_serialise(double value, char buf[18])
{
    size_t n = 0;
    guard(nullptr, [&] {
        std::string s = Xapian::sortable_serialise(value);
        n = s.size() <= 18 ? s.size() : 0;
        std::memcpy(buf, s.data(), n);
    });
    return n;
}

double kx_sortable_unserialise(const char *buf, size_t len)
{
    double v = 0;
    guard(nullptr, [&] { v = Xapian::sortable_unserialise(std::string(buf ? buf : "", buf ? len : 0)); });
    return v;
}

/* ---- stemming and term generation --------------------------------------- */

int kx_stem_new(kx_stem **out, const char *language, kx_error *err)
{
    if (out) *out = nullptr;
    return guard(err, [&] {
        need(out, "out");
        need(language, "language");
        *out = new kx_stem{Xapian::Stem(language)};
    });
}

void kx_stem_free(kx_stem *stem) { guard(nullptr, [&] { delete stem; }); }

int kx_stem_word(const kx_stem *stem, char **out, const char *word, kx_error *err)
{
    if (out) *out = nullptr;
    return guard(err, [&] {
        need(stem, "stem");
        need(out, "out");
        need(word, "word");
        *out = dup(stem->stem(word));
    });
}

int kx_termgen_new(kx_termgen **out, const kx_stem *stem, kx_error *err)
{
    if (out) *out = nullptr;
    return guard(err, [&] {
        need(out, "out");
        kx_termgen *tg = new kx_termgen;
        tg->tg.set_stemmer(stem_of(stem));
        tg->tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
        *out = tg;
    });
}

void kx_termgen_free(kx_termgen *tg) { guard(nullptr, [&] { delete tg; }); }

void kx_termgen_set_document(kx_termgen *tg, kx_doc *doc)
{
    // The termgen keeps a handle sharing doc's internals, so terms land in doc.
    guard(nullptr, [&] {
        if (tg) tg->tg.set_document(doc ? doc->doc : Xapian::Document());
    });
}

void kx_termgen_set_database(kx_termgen *tg, kx_db *db)
{
    // Spelling data can only be written through a writable database.
    guard(nullptr, [&] {
        if (tg && db && db->writable) tg->tg.set_database(db->wdb);
    });
}

int kx_termgen_index_text(kx_termgen *tg, const char *text, size_t len, unsigned wdf_inc,
                          const char *prefix, kx_error *err)
{
    return guard(err, [&] {
        need(tg, "termgen");
        if (len) need(text, "text");
        tg->tg.index_text(std::string(text ? text : "", len), wdf_inc, prefix ? prefix : "");
    });
}

void kx_termgen_increase_termpos(kx_termgen *tg, unsigned delta)
{
    guard(nullptr, [&] { if (tg) tg->tg.increase_termpos(delta); });
}

unsigned kx_termgen_termpos(const kx_termgen *tg)
{
    unsigned pos = 0;
    guard(nullptr, [&] { if (tg) pos = tg->tg.get_termpos(); });
    return pos;
}

void kx_termgen_set_termpos(kx_termgen *tg, unsigned pos)
{
    guard(nullptr, [&] { if (tg) tg->tg.set_termpos(pos); });
}

void kx_termgen_set_flags(kx_termgen *tg, int flags)
{
    guard(nullptr, [&] {
        if (!tg) return;
        int f = (flags & KX_TG_SPELLING) ? Xapian::TermGenerator::FLAG_SPELLING : 0;
        tg->tg.set_flags(Xapian::TermGenerator::flags(f)); // mask 0: replace all flags
    });
}

/* ---- queries ------------------------------------------------------------ */

int kx_query_term(kx_query **out, const char *term, unsigned wqf, unsigned pos, kx_error *err)
{
    if (out) *out = nullptr;
    return guard(err, [&] {
        need(out, "out");
        need(term, "term");
        *out = new kx_query{Xapian::Query(term, wqf, pos)};
    });
}

int kx_query_combine(kx_query **out, int op, kx_query *const *subs, size_t n,
                     unsigned window, kx_error *err)
{
    if (out) *out = nullptr;
    return guard(err, [&] {
        need(out, "out");
        if (n) need(subs, "subs");
        Xapian::Query::op xop = map_op(op);
        std::vector<Xapian::Query> qs; // copies: the caller still owns subs
        for (size_t i = 0; i < n; i++) {
            need(subs[i], "subs[i]");
            qs.push_back(subs[i]->q);
        }
        *out = new kx_query{Xapian::Query(xop, qs.begin(), qs.end(), window)};
    });
}

int kx_query_scale(kx_query **out, const kx_query *q, double factor, kx_error *err)
{
    if (out) *out = nullptr;
    return guard(err, [&] {
        need(out, "out");
        need(q, "q");
        *out = new kx_query{Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->q, factor)};
    });
}

int kx_query_value_range(kx_query **out, unsigned slot, const char *lo, const char *hi,
                         kx_error *err)
{
    if (out) *out = nullptr;
    return guard(err, [&] {
        need(out, "out");
        need(lo, "lo");
        need(hi, "hi");
        *out = new kx_query{Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, lo, hi)};
    });
}

int kx_query_match_all(kx_query **out, kx_error *err)
{
    if (out) *out = nullptr;
    return guard(err, [&] {
        need(out, "out");
        // Not a copy of the global Query::MatchAll: its reference count is
        // not atomic, so threads copying it at once corrupt it.  The empty
        // term is what Xapian itself means by "every document".
        *out = new kx_query{Xapian::Query(std::string())};
    });
}

int kx_query_wildcard(kx_query **out, const char *pattern, unsigned max_expansion,
                      kx_error *err)
{
    if (out) *out = nullptr;
    return guard(err, [&] {
        need(out, "out");
        need(pattern, "pattern");
        // Keep the most frequent terms rather than failing at match time.
        *out = new kx_query{Xapian::Query(Xapian::Query::OP_WILDCARD, pattern, max_expansion,
                                          Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT)};
    });
}

int kx_query_describe(const kx_query *q, char **out, kx_error *err)
{
    if (out) *out = nullptr;
    return guard(err, [&] {
        need(q, "q");
        need(out, "out");
        *out = dup(q->q.get_description());
    });
}

int kx_query_is_empty(const kx_query *q) { return !q || q->q.empty(); }

void kx_query_free(kx_query *q) { guard(nullptr, [&] { delete q; }); }

int kx_qparser_new(kx_qparser **out, kx_error *err)
{
    if (out) *out = nullptr;
    return guard(err, [&] {
        need(out, "out");
        *out = new kx_qparser;
    });
}

void kx_qparser_free(kx_qparser *qp) { guard(nullptr, [&] { delete qp; }); }

void kx_qparser_set_stemmer(kx_qparser *qp, const kx_stem *stem, int strategy)
{
    guard(nullptr, [&] {
        if (!qp) return;
        static const Xapian::QueryParser::stem_strategy map[] = {
            Xapian::QueryParser::STEM_NONE, Xapian::QueryParser::STEM_SOME,
            Xapian::QueryParser::STEM_ALL, Xapian::QueryParser::STEM_ALL_Z};
        qp->qp.set_stemmer(stem_of(stem));
        if (strategy >= KX_STEM_NONE && strategy <= KX_STEM_ALL_Z)
            qp->qp.set_stemming_strategy(map[strategy]);
    });
}

void kx_qparser_set_database(kx_qparser *qp, const kx_db *db)
{
    guard(nullptr, [&] {
        if (qp) qp->qp.set_database(db ? db->db : Xapian::Database());
    });
}

void kx_qparser_set_default_op(kx_qparser *qp, int op)
{
    // Xapian rejects operators other than AND/OR-like ones; those are ignored.
    guard(nullptr, [&] {
        if (qp) qp->qp.set_default_op(map_op(op));
    });
}

int kx_qparser_add_prefix(kx_qparser *qp, const char *field, const char *prefix, kx_error *err)
{
    return guard(err, [&] {
        need(qp, "qp");
        need(field, "field");
        need(prefix, "prefix");
        qp->qp.add_prefix(field, prefix);
    });
}

int kx_qparser_add_boolean_prefix(kx_qparser *qp, const char *field, const char *prefix,
                                  kx_error *err)
{
    return guard(err, [&] {
        need(qp, "qp");
        need(field, "field");
        need(prefix, "prefix");
        qp->qp.add_boolean_prefix(field, prefix);
    });
}

int kx_qparser_add_range(kx_qparser *qp, unsigned slot, const char *field, int numeric,
                         kx_error *err)
{
    return guard(err, [&] {
        need(qp, "qp");
        // "field:lo..hi"; an empty field claims bare lo..hi ranges.
        std::string prefix = (field && *field) ? std::string(field) + ":" : "";
        Xapian::RangeProcessor *rp =
            numeric ? new Xapian::NumberRangeProcessor(slot, prefix)
                    : new Xapian::RangeProcessor(slot, prefix);
        qp->qp.add_rangeprocessor(rp->release()); // the parser now owns it
    });
}

void kx_qparser_set_max_expansion(kx_qparser *qp, unsigned max)
{
    // Like kx_query_wildcard: keep the most frequent expansions, never fail.
    guard(nullptr, [&] {
        if (qp)
            qp->qp.set_max_expansion(max, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    });
}

int kx_qparser_parse(kx_query **out, kx_qparser *qp, const char *text, int flags,
                     const char *default_prefix, kx_error *err)
{
    if (out) *out = nullptr;
    return guard(err, [&] {
        need(out, "out");
        need(qp, "qp");
        need(text, "text");
        unsigned xf = map_qp_flags(flags);
        *out = new kx_query{qp->qp.parse_query(text, xf, default_prefix ? default_prefix : "")};
    });
}

int kx_qparser_corrected(const kx_qparser *qp, char **out, kx_error *err)
{
    if (out) *out = nullptr;
    return guard(err, [&] {
        need(qp, "qp");
        need(out, "out");
        *out = dup(qp->qp.get_corrected_query_string());
    });
}

/* ---- matching ----------------------------------------------------------- */

int kx_enquire_new(kx_enquire **out, const kx_db *db, kx_error *err)
{
    if (out) *out = nullptr;
    return guard(err, [&] {
        need(out, "out");
        need(db, "db");
        *out = new kx_enquire(db->db);
    });
}

void kx_enquire_free(kx_enquire *enq) { guard(nullptr, [&] { delete enq; }); }

int kx_enquire_set_query(kx_enquire *enq, const kx_query *q, kx_error *err)
{
    return guard(err, [&] {
        need(enq, "enq");
        need(q, "q");
        enq->enq.set_query(q->q);
        enq->query = q->q;
    });
}

int kx_enquire_set_bm25(kx_enquire *enq, double k1, double k2, double k3, double b,
                        double min_normlen, kx_error *err)
{
    return guard(err, [&] {
        need(enq, "enq");
        enq->enq.set_weighting_scheme(Xapian::BM25Weight(k1, k2, k3, b, min_normlen));
    });
}

void kx_enquire_set_sort(kx_enquire *enq, int slot, int reverse)
{
    guard(nullptr, [&] {
        if (!enq) return;
        if (slot < 0)
            enq->enq.set_sort_by_relevance();
        else
            enq->enq.set_sort_by_value_then_relevance(unsigned(slot), reverse != 0);
    });
}

void kx_enquire_set_collapse(kx_enquire *enq, unsigned slot, unsigned max)
{
    // max 0 turns collapsing off (Xapian's BAD_VALUENO key).
    guard(nullptr, [&] {
        if (enq) enq->enq.set_collapse_key(max ? slot : Xapian::BAD_VALUENO, max ? max : 1);
    });
}

void kx_enquire_set_time_limit(kx_enquire *enq, double seconds)
{
    guard(nullptr, [&] { if (enq) enq->enq.set_time_limit(seconds); });
}

int kx_spy_new(kx_spy **out, unsigned slot, kx_error *err)
{
    if (out) *out = nullptr;
    return guard(err, [&] {
        need(out, "out");
        auto s = std::make_unique<Xapian::ValueCountMatchSpy>(slot);
        *out = new kx_spy{s.get()};
        s.release();
    });
}

void kx_spy_free(kx_spy *spy)
{
    guard(nullptr, [&] {
        if (!spy) return;
        delete spy->spy;
        delete spy;
    });
}

int kx_enquire_add_spy(kx_enquire *enq, kx_spy *spy, kx_error *err)
{
    // Xapian keeps a raw pointer: spy must outlive enq's kx_enquire_mset calls.
    return guard(err, [&] {
        need(enq, "enq");
        need(spy, "spy");
        enq->enq.add_matchspy(spy->spy);
    });
}

unsigned kx_spy_total(const kx_spy *spy) { return spy ? spy->spy->get_total() : 0; }

int kx_spy_values(const kx_spy *spy, int (*fn)(const char *value, size_t len,
                                               unsigned count, void *arg),
                  void *arg, kx_error *err)
{
    return guard(err, [&] {
        need(spy, "spy");
        need(fn, "fn");
        const auto &s = *spy->spy;
        size_t distinct = 0; // top_values_begin() needs the count to return them all
        for (auto it = s.values_begin(); it != s.values_end(); ++it)
            distinct++;
        for (auto it = s.top_values_begin(distinct); it != s.top_values_end(distinct); ++it) {
            const std::string &v = *it;
            if (fn(v.data(), v.size(), it.get_termfreq(), arg))
                break;
        }
    });
}

} // extern "C": the helpers below return C++ types, so they take C++ linkage

namespace {

// Accepts the documents indexed by every one of its terms, in a single
// database.  The matcher asks only about candidates whose weight could
// still enter the result (after the first check_at_least), in ascending
// docid order, so one posting iterator per term serves a whole match.
class RequireTerms : public Xapian::MatchDecider {
    Xapian::Database db;
    std::vector<std::string> terms;
    mutable std::vector<Xapian::PostingIterator> at;
    mutable Xapian::docid last = 0;

  public:
    RequireTerms(const Xapian::Database &d, std::vector<std::string> t)
        : db(d), terms(std::move(t)), at(terms.size()) {}

    bool operator()(const Xapian::Document &doc) const override
    {
        Xapian::docid did = doc.get_docid();
        bool restart = did < last || last == 0; /* never, but costs nothing */
        last = did;
        for (size_t i = 0; i < terms.size(); i++) {
            if (restart)
                at[i] = db.postlist_begin(terms[i]);
            if (at[i] == db.postlist_end(terms[i]))
                return false;
            at[i].skip_to(did);
            if (at[i] == db.postlist_end(terms[i]) || *at[i] != did)
                return false;
        }
        return true;
    }
};

bool positional(const Xapian::Query &q)
{
    auto op = q.get_type();
    if (op == Xapian::Query::OP_PHRASE || op == Xapian::Query::OP_NEAR)
        return true;
    for (size_t i = 0; i < q.get_num_subqueries(); i++)
        if (positional(q.get_subquery(i)))
            return true;
    return false;
}

// The match with enq->required: a term most documents hold is checked by
// RequireTerms on the few candidates that could enter the result, instead
// of an OP_FILTER that walks its whole posting list beside the query's; a
// rarer term stays an OP_FILTER, which is then the cheaper way round (it
// leads the match).  The same documents either way.  Every term stays an
// OP_FILTER
//  - for a query with a phrase: Xapian 1.4 checks phrases under a filter
//    after the filter's other terms (much faster for "lis 1"), and that
//    also decides some weights under AND_MAYBE, which must not change;
//  - over several databases: a decider is handed each shard's own docid
//    without its shard, so it cannot look the term up;
//  - when a remote database refuses the decider (UnimplementedError).
Xapian::MSet mset_requiring(kx_enquire *enq, unsigned first, unsigned max, unsigned check)
{
    Xapian::doccount docs = enq->db.get_doccount();
    bool filter_all = enq->db.size() != 1 || positional(enq->query);
    std::vector<std::string> dense;
    Xapian::Query filtered = enq->query, all = enq->query;
    for (const auto &t : enq->required) {
        all = Xapian::Query(Xapian::Query::OP_FILTER, all, Xapian::Query(t));
        if (!filter_all && enq->db.get_termfreq(t) >= docs / 2)
            dense.push_back(t);
        else
            filtered = Xapian::Query(Xapian::Query::OP_FILTER, filtered, Xapian::Query(t));
    }
    if (dense.empty()) {
        enq->enq.set_query(filtered);
        return enq->enq.get_mset(first, max, check);
    }
    try {
        RequireTerms decider(enq->db, dense);
        enq->enq.set_query(filtered);
        return enq->enq.get_mset(first, max, check, nullptr, &decider);
    } catch (const Xapian::UnimplementedError &) {
        enq->enq.set_query(all);
        return enq->enq.get_mset(first, max, check);
    }
}

} // namespace

extern "C" {

int kx_enquire_mset(kx_mset **out, kx_enquire *enq, unsigned first, unsigned max,
                    unsigned check_at_least, kx_error *err)
{
    if (out) *out = nullptr;
    return guard(err, [&] {
        need(out, "out");
        need(enq, "enq");
        Xapian::MSet m = retry_modified(enq->db, [&] {
            return enq->required.empty() ? enq->enq.get_mset(first, max, check_at_least)
                                         : mset_requiring(enq, first, max, check_at_least);
        });
        *out = new kx_mset{m};
    });
}

void kx_mset_free(kx_mset *mset) { guard(nullptr, [&] { delete mset; }); }

unsigned kx_mset_size(const kx_mset *mset) { return mset ? mset->mset.size() : 0; }

unsigned kx_mset_estimated(const kx_mset *mset)
{
    return mset ? mset->mset.get_matches_estimated() : 0;
}

unsigned kx_mset_upper_bound(const kx_mset *mset)
{
    return mset ? mset->mset.get_matches_upper_bound() : 0;
}

namespace {
bool in_range(const kx_mset *mset, unsigned i) { return mset && i < mset->mset.size(); }
} // namespace

unsigned kx_mset_docid(const kx_mset *mset, unsigned i)
{
    unsigned id = 0;
    guard(nullptr, [&] { if (in_range(mset, i)) id = *mset->mset[i]; });
    return id;
}

double kx_mset_weight(const kx_mset *mset, unsigned i)
{
    double w = 0;
    guard(nullptr, [&] { if (in_range(mset, i)) w = mset->mset[i].get_weight(); });
    return w;
}

unsigned kx_mset_collapse_count(const kx_mset *mset, unsigned i)
{
    unsigned c = 0;
    guard(nullptr, [&] { if (in_range(mset, i)) c = mset->mset[i].get_collapse_count(); });
    return c;
}

int kx_mset_document(kx_doc **out, const kx_mset *mset, unsigned i, kx_error *err)
{
    if (out) *out = nullptr;
    return guard(err, [&] {
        need(out, "out");
        need(mset, "mset");
        if (!in_range(mset, i))
            throw kx_failure{KX_EINVAL, "kx_mset_document: index " + std::to_string(i) +
                                            " out of range"};
        *out = wrap_doc(mset->mset[i].get_document());
    });
}

int kx_mset_snippet(const kx_mset *mset, char **out, const char *text, size_t len,
                    size_t length, const kx_stem *stem, const char *hi_start,
                    const char *hi_end, const char *omit, kx_error *err)
{
    if (out) *out = nullptr;
    return guard(err, [&] {
        need(mset, "mset");
        need(out, "out");
        if (len) need(text, "text");
        // Xapian escapes the text as HTML and highlights stemmed matches.
        *out = dup(mset->mset.snippet(
            std::string(text ? text : "", len), length, stem_of(stem),
            // Without SNIPPET_EXHAUSTIVE Xapian stops at the first good passage:
            // four times faster, and the passage is as good for a reader.
            Xapian::MSet::SNIPPET_BACKGROUND_MODEL,
            hi_start ? hi_start : "<b>", hi_end ? hi_end : "</b>", omit ? omit : "..."));
    });
}

int kx_enquire_matching_terms(const kx_enquire *enq, const kx_mset *mset, unsigned i,
                              int (*fn)(const char *term, void *arg), void *arg,
                              kx_error *err)
{
    return guard(err, [&] {
        need(enq, "enq");
        need(mset, "mset");
        need(fn, "fn");
        if (!in_range(mset, i))
            throw kx_failure{KX_EINVAL, "kx_enquire_matching_terms: index " +
                                            std::to_string(i) + " out of range"};
        Xapian::MSetIterator hit = mset->mset[i];
        for (auto it = enq->enq.get_matching_terms_begin(hit);
             it != enq->enq.get_matching_terms_end(hit); ++it)
            if (fn((*it).c_str(), arg))
                break;
    });
}

/* ---- building queries without the query parser -------------------------- */

int kx_query_value_ge(kx_query **out, unsigned slot, const char *lo, kx_error *err)
{
    if (out) *out = nullptr;
    return guard(err, [&] {
        need(out, "out");
        need(lo, "lo");
        *out = new kx_query{Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, lo)};
    });
}

int kx_query_value_le(kx_query **out, unsigned slot, const char *hi, kx_error *err)
{
    if (out) *out = nullptr;
    return guard(err, [&] {
        need(out, "out");
        need(hi, "hi");
        *out = new kx_query{Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, hi)};
    });
}

int kx_text_words(const char *text, size_t len, int (*fn)(const char *word, void *arg),
                  void *arg, kx_error *err)
{
    return guard(err, [&] {
        need(text, "text");
        need(fn, "fn");
        // The term generator itself, into a scratch document: no second
        // idea of where a word ends to drift from the indexer's.
        Xapian::TermGenerator tg;
        Xapian::Document doc;
        tg.set_document(doc);
        tg.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
        tg.index_text(std::string(text, len));
        std::vector<std::pair<Xapian::termpos, std::string>> words;
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
            for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
                words.emplace_back(*p, *t);
        std::sort(words.begin(), words.end());
        for (const auto &w : words)
            if (fn(w.second.c_str(), arg))
                break;
    });
}

/* ---- matching fast ------------------------------------------------------ */

int kx_enquire_require_term(kx_enquire *enq, const char *term, kx_error *err)
{
    return guard(err, [&] {
        need(enq, "enq");
        need(term, "term");
        enq->required.emplace_back(term);
    });
}

int kx_mset_data(const kx_mset *mset, unsigned i, char **out, size_t *len, kx_error *err)
{
    if (out) *out = nullptr;
    if (len) *len = 0;
    return guard(err, [&] {
        need(mset, "mset");
        need(out, "out");
        need(len, "len");
        if (!in_range(mset, i))
            throw kx_failure{KX_EINVAL, "kx_mset_data: index " + std::to_string(i) +
                                            " out of range"};
        std::string data = mset->mset[i].get_document().get_data();
        *out = dup(data);
        *len = data.size();
    });
}

int kx_db_term_in_docs(const kx_db *db, const char *term, const unsigned *docids, size_t n,
                       int *out, kx_error *err)
{
    return guard(err, [&] {
        need(db, "db");
        need(term, "term");
        if (n) {
            need(docids, "docids");
            need(out, "out");
        }
        std::vector<size_t> order(n);
        for (size_t k = 0; k < n; k++) {
            order[k] = k;
            out[k] = 0;
        }
        std::sort(order.begin(), order.end(),
                  [&](size_t a, size_t b) { return docids[a] < docids[b]; });
        auto it = db->db.postlist_begin(term), end = db->db.postlist_end(term);
        for (size_t k = 0; k < n && it != end; k++) {
            it.skip_to(docids[order[k]]);
            out[order[k]] = it != end && *it == docids[order[k]];
        }
    });
}

} // extern "C"

/* ---- bulk writing ------------------------------------------------------- */

int kx_db_compact(kx_db *db, const char *dest, kx_error *err)
{
    return guard(err, dest, [&] {
        need(db, "db");
        need(dest, "dest");
        // NO_RENUMBER: unit ids and docids stay what the writer made them
        db->db.compact(dest, Xapian::DBCOMPACT_NO_RENUMBER);
    });
}

void kx_db_remove_copy(const char *path)
{
    guard(nullptr, [&] {
        need(path, "path");
        folder_scan f = scan_folder(path);
        if (f.exists && f.is_dir && f.foreign.empty())
            remove_creation(path, true);
    });
}

#include "enquire.h"

#include <stdio.h>

#include "criteria.h"

int sd_enquire_new(sd_ctx *ctx, const kx_query *q, kx_enquire **out, sd_error *err)
{
    kx_error x;
    *out = NULL;
    if (kx_enquire_new(out, ctx->db, &x) || kx_enquire_set_query(*out, q, &x)) {
        kx_enquire_free(*out);
        *out = NULL;
        return sd_fail_kx(ctx, err, &x, "search");
    }
    kx_enquire_set_time_limit(*out, ctx->cfg->query_timeout);
    return 0;
}

int sd_enquire_kind(sd_ctx *ctx, kx_enquire *enq, const char *kind, sd_error *err)
{
    char term[64];
    kx_error x;
    snprintf(term, sizeof term, "%s%s", ctx->kind_prefix, kind);
    return kx_enquire_require_term(enq, term, &x) ? sd_fail_kx(ctx, err, &x, "search") : 0;
}

void sd_enquire_sort(sd_ctx *ctx, kx_enquire *enq, int sort)
{
    if (sort != SD_SORT_RELEVANCE)
        kx_enquire_set_sort(enq, ctx->slot.date, sort == SD_SORT_NEWEST);
}

int sd_doccount(sd_ctx *ctx, unsigned *out, sd_error *err)
{
    kx_error x;
    *out = 0;
    return kx_db_doccount(ctx->db, out, &x) ? sd_fail_kx(ctx, err, &x, "search") : 0;
}

int sd_enquire_run(sd_ctx *ctx, kx_enquire *enq, unsigned first, unsigned max, unsigned check,
                   kx_mset **out, sd_error *err)
{
    kx_error x;
    double t0 = sd_now_ms();
    if (kx_enquire_mset(out, enq, first, max, check, &x))
        return sd_fail_kx(ctx, err, &x, "search");
    double took_s = (sd_now_ms() - t0) / 1e3;
    if (took_s >= ctx->cfg->query_timeout)
        return sd_fail(err, SD_TIMEOUT, "the search took longer than its limit of %g s — "
                       "narrow it with more words or a filter, or shorten prefix* words",
                       ctx->cfg->query_timeout);
    return 0;
}

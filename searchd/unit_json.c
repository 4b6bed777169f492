#include "unit_json.h"

json_t *sd_unit_json_data(const char *data, size_t len, unsigned docid, sd_error *err)
{
    json_t *j = json_loadb(data, len, 0, NULL);
    if (json_is_object(j))
        return j;
    json_decref(j);
    sd_fail(err, SD_INTERNAL, "unit %u holds no JSON data: is this a kilde index? "
            "(rebuild it with bin/indexer)", docid);
    return NULL;
}

json_t *sd_unit_json(const kx_doc *doc, sd_error *err)
{
    size_t n;
    const char *data = kx_doc_data(doc, &n);
    return sd_unit_json_data(data, n, kx_doc_docid(doc), err);
}

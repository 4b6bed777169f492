#include "fields.h"

#include <stdio.h>
#include <string.h>

#include "closest.h"

static bool allowed(const char *key, const char *const *names)
{
    if (strcmp(key, "op") == 0 || strcmp(key, "id") == 0)
        return true;
    for (size_t i = 0; names[i]; i++)
        if (strcmp(key, names[i]) == 0)
            return true;
    return false;
}

static void list_names(char *out, size_t cap, const char *const *names)
{
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; names[i] && o < cap; i++)
        o += (size_t)snprintf(out + o, cap - o, "%s%s", i ? ", " : "", names[i]);
}

int sd_check_fields(const json_t *obj, const char *const *names, const char *where,
                    sd_error *err)
{
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)obj, key, value) {
        if (allowed(key, names))
            continue;
        const char *near = sd_closest(key, names);
        char list[200];
        list_names(list, sizeof list, names);
        return sd_fail(err, SD_BAD_REQUEST, "unknown field '%.60s' in %s%s%s%s (%s takes: %s)",
                       key, where, near ? " — did you mean '" : "", near ? near : "",
                       near ? "'?" : "", where, list);
    }
    return 0;
}

int sd_get_string(const json_t *obj, const char *key, size_t max_len, const char **out,
                  sd_error *err)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        return 0;
    if (!json_is_string(v))
        return sd_fail(err, SD_BAD_REQUEST, "'%s' must be a string", key);
    if (json_string_length(v) > max_len)
        return sd_fail(err, SD_BAD_REQUEST, "'%s' is longer than %zu bytes", key, max_len);
    if (strlen(json_string_value(v)) != json_string_length(v))
        return sd_fail(err, SD_BAD_REQUEST, "'%s' holds a NUL character", key);
    *out = json_string_value(v);
    return 0;
}

int sd_get_int(const json_t *obj, const char *key, long lo, long hi, long *out,
               sd_error *err)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return sd_fail(err, SD_BAD_REQUEST, "'%s' must be a whole number from %ld to %ld",
                       key, lo, hi);
    *out = (long)json_integer_value(v);
    return 0;
}

int sd_get_bool(const json_t *obj, const char *key, bool *out, sd_error *err)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        return 0;
    if (!json_is_boolean(v))
        return sd_fail(err, SD_BAD_REQUEST, "'%s' must be true or false", key);
    *out = json_is_true(v);
    return 0;
}

json_t *sd_json_string(const char *s, size_t n)
{
    json_t *j = s ? json_stringn(s, n) : NULL;
    return j ? j : json_null();
}

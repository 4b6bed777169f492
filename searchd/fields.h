/*
 * A request's fields (docs/PROTOCOL.md): unknown ones refused with the
 * nearest known name, the rest read with their type and range checked,
 * failing as bad_request naming the field.
 */
#ifndef KILDE_SD_FIELDS_H
#define KILDE_SD_FIELDS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "sderror.h"

/* Refuses any key of `obj` not in allowed[] (NULL-terminated; "op" and "id"
 * are always allowed), naming the closest allowed one. */
int sd_check_fields(const json_t *obj, const char *const *allowed, const char *where,
                    sd_error *err);
/* Field readers: absent fields give the default; a wrong type or range is
 * bad_request naming the field. */
int sd_get_string(const json_t *obj, const char *key, size_t max_len, const char **out,
                  sd_error *err);
int sd_get_int(const json_t *obj, const char *key, long lo, long hi, long *out,
               sd_error *err);
int sd_get_bool(const json_t *obj, const char *key, bool *out, sd_error *err);

/* A JSON string of n bytes, or JSON null when they are not UTF-8. */
json_t *sd_json_string(const char *s, size_t n);

#endif

#include "detect.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const kformat formats[] = {
    {"pdf", extract_pdf},
    {"html", extract_html},
    {"xml", extract_xml},
    {"markdown", extract_text},
    {"text", extract_text},
};

static const struct {
    const char *ext;
    int format;
} extensions[] = {
    {".pdf", 0}, {".html", 1}, {".htm", 1}, {".xhtml", 1}, {".xml", 2},
    {".md", 3},  {".markdown", 3}, {".txt", 4}, {".text", 4},
};

const kformat *detect_by_name(const char *path)
{
    size_t n = strlen(path);
    for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++) {
        size_t el = strlen(extensions[i].ext);
        if (n > el && strcasecmp(path + n - el, extensions[i].ext) == 0)
            return &formats[extensions[i].format];
    }
    return NULL;
}

static const unsigned char *skip_space(const unsigned char *p, const unsigned char *end)
{
    if (end - p >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        p += 3; /* UTF-8 byte order mark */
    while (p < end && isspace(*p))
        p++;
    return p;
}

const kformat *detect_format(const char *path, const unsigned char *data, size_t len)
{
    if (len >= 5 && memcmp(data, "%PDF-", 5) == 0)
        return &formats[0];
    const kformat *by_name = detect_by_name(path);
    const unsigned char *end = data + len, *p = skip_space(data, end);
    size_t rest = (size_t)(end - p);
    if (rest >= 5 && (strncasecmp((const char *)p, "<!doc", 5) == 0 ||
                      strncasecmp((const char *)p, "<html", 5) == 0))
        return &formats[1];
    if (rest >= 5 && strncmp((const char *)p, "<?xml", 5) == 0 &&
        (!by_name || strcmp(by_name->name, "html") != 0))
        return &formats[2];
    return by_name;
}

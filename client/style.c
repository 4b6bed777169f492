#include "style.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* Wider lines are harder to read; narrower ones waste the snippet. */
#define MIN_WIDTH 40
#define MAX_WIDTH 100
#define DEFAULT_WIDTH 80

static int clamp_width(long w)
{
    return w < MIN_WIDTH ? MIN_WIDTH : w > MAX_WIDTH ? MAX_WIDTH : (int)w;
}

void kstyle_detect(kstyle *st, int fd)
{
    const char *no_color = getenv("NO_COLOR");
    bool tty = isatty(fd);
    st->color = tty && !(no_color && *no_color);
    struct winsize ws;
    const char *cols = getenv("COLUMNS");
    if (tty && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        st->width = clamp_width(ws.ws_col);
    else if (cols && atol(cols) > 0)
        st->width = clamp_width(atol(cols));
    else
        st->width = DEFAULT_WIDTH;
}

const char *kstyle_on(const kstyle *st, kstyle_kind kind)
{
    static const char *const seq[] = {
        [KSTYLE_TITLE] = "\033[1m",
        [KSTYLE_MATCH] = "\033[1;31m", /* as grep --color marks a match */
        [KSTYLE_DIM] = "\033[2m",
    };
    return st->color ? seq[kind] : "";
}

const char *kstyle_off(const kstyle *st)
{
    return st->color ? "\033[0m" : "";
}

void kstyle_put_text(FILE *out, const char *s, size_t n, bool keep_lines)
{
    static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c == '\n' || c == '\t') && keep_lines)
            putc(c, out);
        else if (c == '\n' || c == '\t' || c == '\r')
            putc(' ', out);
        else if (c < 0x20 || c == 0x7F)
            fputs(replacement, out);
        else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
                 (unsigned char)s[i + 1] <= 0x9F) {
            fputs(replacement, out); /* U+0080..U+009F: C1 controls, CSI among them */
            i++;
        } else
            putc(c, out);
    }
}

void kstyle_puts(FILE *out, const char *s)
{
    kstyle_put_text(out, s, strlen(s), false);
}

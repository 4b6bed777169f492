#include "auth.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "protocol.h"
#include "sderror.h"

static char *trimmed(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

int sd_token_load(char **out, const char *path, kerr *err)
{
    *out = NULL;
    FILE *f = fopen(path, "r");
    if (!f)
        return kerr_set(err, KERR_IO, "--token-file %s: %s", path, strerror(errno));
    char line[SD_TOKEN_MAX + 2] = "";
    bool got = fgets(line, sizeof line, f) != NULL;
    fclose(f);
    char *token = trimmed(line);
    if (!got || !*token)
        return kerr_set(err, KERR_INVALID, "--token-file %s: the file is empty", path);
    size_t n = strlen(token);
    if (n < SD_TOKEN_MIN || n > SD_TOKEN_MAX)
        return kerr_set(err, KERR_INVALID, "--token-file %s: the token has %zu bytes; give "
                        "%d to %d (e.g. head -c 32 /dev/urandom | base64)", path, n,
                        SD_TOKEN_MIN, SD_TOKEN_MAX);
    for (size_t i = 0; i < n; i++)
        if (isspace((unsigned char)token[i]) || iscntrl((unsigned char)token[i]))
            return kerr_set(err, KERR_INVALID, "--token-file %s: the token has white space "
                            "or a control character inside", path);
    *out = strdup(token);
    return *out ? 0 : kerr_set(err, KERR_NOMEM, "out of memory");
}

bool sd_token_equal(const char *token, const char *given, size_t len)
{
    size_t n = strlen(token);
    unsigned char diff = (unsigned char)(n != len);
    for (size_t i = 0; i < n; i++) /* every byte of the token, whatever `given` is */
        diff |= (unsigned char)(token[i] ^ (i < len ? given[i] : 0));
    return diff == 0;
}

bool sd_fd_is_loopback(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
        return false;
    if (ss.ss_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)&ss;
        return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
    }
    if (ss.ss_family == AF_INET6) {
        const struct in6_addr *a = &((const struct sockaddr_in6 *)&ss)->sin6_addr;
        return IN6_IS_ADDR_LOOPBACK(a) || (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
    }
    return false;
}

bool sd_fd_is_unix(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    return getsockname(fd, (struct sockaddr *)&ss, &len) == 0 && ss.ss_family == AF_UNIX;
}

sd_auth_outcome sd_auth_line(const char *token, const char *line, size_t len, char **reply,
                             size_t *reply_len)
{
    json_t *req = json_loadb(line, len, 0, NULL);
    const json_t *id = json_is_object(req) ? json_object_get(req, "id") : NULL;
    const char *op = json_string_value(json_object_get(req, "op"));
    const json_t *given = json_object_get(req, "token");
    sd_auth_outcome outcome = SD_AUTH_FIRST;
    if (op && strcmp(op, "auth") == 0)
        outcome = json_is_string(given) &&
                          sd_token_equal(token, json_string_value(given), json_string_length(given))
                      ? SD_AUTH_ACCEPTED
                      : SD_AUTH_REFUSED;
    if (outcome == SD_AUTH_ACCEPTED)
        *reply = sd_ok_line(id, reply_len);
    else if (outcome == SD_AUTH_REFUSED)
        *reply = sd_error_line_id(SD_UNAUTHORIZED, "wrong token (searchd --token-file); closing "
                                  "the connection", id, reply_len);
    else
        *reply = sd_error_line_id(SD_UNAUTHORIZED, "this connection must first send "
                                  "{\"op\":\"auth\",\"token\":\"…\"} with searchd's token "
                                  "(--token-file)", id, reply_len);
    json_decref(req);
    return outcome;
}

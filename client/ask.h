/*
 * What every command does around its request: asking searchd once, a
 * usage mistake said on stderr, and the exit status, which a failed write
 * to stdout overrides.
 */
#ifndef KILDE_ASK_H
#define KILDE_ASK_H

#include <jansson.h>
#include <stdbool.h>

#include "commands.h"
#include "kerr.h"
#include "request.h"

/* Asks searchd (takes req).  Returns true with an ok:true reply in *r for
 * the caller to show (and free).  Otherwise says why on stderr, sets
 * *status and returns false: 1 for not_found, 2 for everything else.
 * With json, the reply line is printed exactly as it came, whatever it
 * says. */
bool cmd_ask(const kclient *cl, json_t *req, bool json, kreply *r, int *status);

/* The exit status, unless stdout could not be written (a full disk): then 2. */
int cmd_finish(int status);

/* "kilde COMMAND: message" and where to read more, on stderr; returns 2. */
int cmd_usage_error(const char *command, const kerr *err);

/* A JSON string of s; jansson refuses text that is not UTF-8, so err says
 * which argument (`what`) was not. */
json_t *cmd_text(const char *s, const char *what, kerr *err);

#endif

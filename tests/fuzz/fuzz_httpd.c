/*
 * Fuzz target: the HTTP server's request handling in the running daemon
 * (searchd/http*.c over libevent's evhttp): routes, the API's parameters
 * and bodies, the page's routes and their rendering, the static files,
 * /kilde/ID/pdf, ETags, HEAD, keep-alive with several requests.  The
 * input is the bytes one client writes on the TCP connection.
 */
#include "fuzz_daemon.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_daemon_open();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_client_visit((const struct sockaddr *)&fuzz_http_addr, sizeof fuzz_http_addr, data,
                      size);
    return 0;
}

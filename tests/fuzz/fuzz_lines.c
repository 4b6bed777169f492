/*
 * Fuzz target: the protocol's line handling in the running daemon
 * (searchd/conn.c): JSON Lines as one client sends them — pipelined,
 * blank, over SD_LINE_MAX (too_large, then closed), cut short by the
 * close — read by searchd's own connections and answered in order by its
 * worker.  The input is the bytes the client writes on the Unix socket.
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
    fuzz_client_visit((const struct sockaddr *)&fuzz_unix_addr, sizeof fuzz_unix_addr, data,
                      size);
    return 0;
}

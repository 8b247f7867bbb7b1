/* The FastCGI floor: the least a libfcgi responder can do per request (accept,
 * read the params, write a fixed ~250-byte JSON body), so tenantauthd's figures
 * can be read as a ratio against the same web server and transport.
 * Usage: floor HOST:PORT NPROC */
#include <fcgiapp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static const char body[] =
    "{\"user\":{\"id\":\"3f1c2a9e-5b7d-4e21-9c0a-6d8e7f1b2c3d\",\"email\":\"bench@example.com\","
    "\"full_name\":\"Bench User\",\"avatar_url\":null,\"email_verified\":false,"
    "\"plan_id\":\"free\",\"created_at\":\"2024-01-15T10:30:00.000Z\","
    "\"updated_at\":\"2024-01-15T10:30:00.000Z\"},\"ok\":true}\n";

static void serve(int fd) {
    FCGX_Request r;
    char head[128];
    int hl = snprintf(head, sizeof head,
                      "Status: 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
                      sizeof body - 1);
    FCGX_InitRequest(&r, fd, 0);
    while (FCGX_Accept_r(&r) >= 0) {
        FCGX_PutStr(head, hl, r.out);
        FCGX_PutStr(body, (int)sizeof body - 1, r.out);
        FCGX_Finish_r(&r);
    }
}

int main(int argc, char** argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s HOST:PORT-or-SOCKET-PATH NPROC\n", argv[0]);
        return 2;
    }
    int n = atoi(argv[2]);
    if (n < 1) n = 1;
    if (FCGX_Init() != 0) return 1;
    int fd = FCGX_OpenSocket(argv[1], 1024);
    if (fd < 0) {
        perror("FCGX_OpenSocket");
        return 1;
    }
    pid_t parent = getpid();
    for (int i = 0; i < n; ++i) {
        pid_t p = fork();
        if (p == 0) {
            /* Workers die with the parent, so killing one pid cleans up. */
            prctl(PR_SET_PDEATHSIG, SIGTERM);
            if (getppid() != parent) _exit(0);
            serve(fd);
            _exit(0);
        }
        if (p < 0) {
            perror("fork");
            return 1;
        }
    }
    while (wait(NULL) > 0) {
    }
    return 0;
}

/* Seconds per bcrypt hash ($2b$, libxcrypt) at a given cost, averaged.
 * Usage: hashtime COST N  -> prints the mean seconds per hash. */
#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char** argv) {
    unsigned long cost = argc > 1 ? strtoul(argv[1], NULL, 10) : 10;
    int n = argc > 2 ? atoi(argv[2]) : 20;
    char salt[CRYPT_GENSALT_OUTPUT_SIZE];
    struct crypt_data data;
    memset(&data, 0, sizeof data);
    if (!crypt_gensalt_rn("$2b$", cost, NULL, 0, salt, sizeof salt)) {
        perror("crypt_gensalt_rn");
        return 1;
    }
    /* One untimed hash: page in the code, warm the caches. */
    if (!crypt_r("correct horse battery", salt, &data) || data.output[0] == '*') {
        fprintf(stderr, "crypt_r failed\n");
        return 1;
    }
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < n; ++i) {
        if (!crypt_r("correct horse battery", salt, &data) || data.output[0] == '*') return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    printf("%.6f\n", s / n);
    return 0;
}

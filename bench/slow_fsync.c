// A slower disk for benchmarks: every fsync/fdatasync of the process waits SLOW_FSYNC_US microseconds more.
// This machine's disk flushes in about 0.1 ms; the one of 2026-12-02/03 took about 2.5 ms, and a network disk in a
// cloud often takes that. Build and use (the server inherits the environment):
//   gcc -O2 -shared -fPIC -o /tmp/slow_fsync.so bench/slow_fsync.c -ldl
//   LD_PRELOAD=/tmp/slow_fsync.so SLOW_FSYNC_US=2000 bash bench/webhooks.sh
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <time.h>

static long extra_us = -1;

static void wait_extra(void)
{
    if (extra_us < 0) {
        const char *value = getenv("SLOW_FSYNC_US");
        extra_us = value ? atol(value) : 0;
    }
    if (extra_us > 0) {
        struct timespec pause = { extra_us / 1000000, (extra_us % 1000000) * 1000 };
        nanosleep(&pause, 0);
    }
}

int fsync(int fd)
{
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    wait_extra();
    return real(fd);
}

int fdatasync(int fd)
{
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    wait_extra();
    return real(fd);
}

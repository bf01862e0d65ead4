// Kernel-level child supervision for the sandbox: spawning into a new process group, pidfds, eventfds, reaping.
// Small C wrappers over what Swift cannot call directly (variadic syscall(2), glibc's _np spawn actions, the
// siginfo_t union). Every function returns 0 or a descriptor on success and -errno on failure.
#ifndef CSUPERVISE_H
#define CSUPERVISE_H

#include <sys/types.h>

/// Spawns `path` with `argv` and `envp` (NULL-terminated) in `directory`, as the leader of a new process group,
/// with every signal at its default disposition and none blocked, descriptors 0, 1 and 2 taken from `in_fd`,
/// `out_fd` and `err_fd`, and every other descriptor closed. Stores the pid in `*pid`.
int csupervise_spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                     int in_fd, int out_fd, int err_fd, pid_t *pid);

/// pidfd_open(2): a descriptor that becomes readable when the process exits.
int csupervise_pidfd_open(pid_t pid);

/// waitid(P_PIDFD, …, WEXITED): reaps the exited process. `*signaled` is 1 when a signal ended it, `*status` the
/// exit status or the signal number.
int csupervise_reap(int pidfd, int *status, int *signaled);

/// An eventfd (close-on-exec, non-blocking): written to wake a poll loop from any thread.
int csupervise_eventfd(void);

/// Adds one to the eventfd's counter (safe from any thread, any number of times).
void csupervise_eventfd_signal(int fd);

/// pipe2(O_CLOEXEC): `fds[0]` the read end, `fds[1]` the write end.
int csupervise_pipe(int fds[2]);

/// Sets O_NONBLOCK on a descriptor.
int csupervise_set_nonblocking(int fd);

#endif

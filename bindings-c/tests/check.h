/*
 * The checks the C tests share: each failure prints the file, the line, what
 * was expected and the thread's last grill error, then exits with status 1.
 * Each file that includes this defines `static int checks`.
 */
#ifndef GRILL_TEST_CHECK_H
#define GRILL_TEST_CHECK_H

#include "grill.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FAIL(...)                                                              \
    do {                                                                       \
        fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                        \
        fprintf(stderr, __VA_ARGS__);                                          \
        fprintf(stderr, "\n  last error: %s\n", grill_last_error_message());   \
        exit(1);                                                               \
    } while (0)

#define CHECK(cond)                                                            \
    do {                                                                       \
        checks++;                                                              \
        if (!(cond)) FAIL("CHECK failed: %s", #cond);                          \
    } while (0)

#define EXPECT(call, expected)                                                 \
    do {                                                                       \
        grill_status got_ = (call);                                            \
        checks++;                                                              \
        if (got_ != (expected))                                                \
            FAIL("%s returned %d (%s), expected %s", #call, (int)got_,         \
                 grill_status_str((int)got_), #expected);                      \
    } while (0)

/* The status is `expected` and this thread's message contains `needle`. */
#define EXPECT_ERR(call, expected, needle)                                     \
    do {                                                                       \
        EXPECT(call, expected);                                                \
        if (strstr(grill_last_error_message(), (needle)) == NULL)              \
            FAIL("the message does not contain \"%s\"", (needle));             \
        checks++;                                                              \
    } while (0)

/* A non-NULL pointer that is not a valid object: out parameters must be
 * overwritten with NULL on failure. */
#define POISON(type) ((type)(uintptr_t)0x1)

/* Both strings are there and equal. */
static inline int streq(const char *a, const char *b) {
    return a != NULL && b != NULL && strcmp(a, b) == 0;
}

#endif

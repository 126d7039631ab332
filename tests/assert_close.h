/*
 * assert_close.h — compare doubles in cmocka tests.  cmocka 1.1's
 * assert_float_equal converts to float (and its failure path can crash),
 * so the tests use this instead: both values and the tolerance stay double,
 * and a failure prints all three.
 */
#ifndef PT_ASSERT_CLOSE_H
#define PT_ASSERT_CLOSE_H

#include <math.h>

#define assert_close(a, b, tol)                                                                      \
    do {                                                                                             \
        double a_ = (a), b_ = (b), t_ = (tol);                                                       \
        if (!(fabs(a_ - b_) <= t_))                                                                  \
            fail_msg("%s = %.17g, expected %.17g (tolerance %g)", #a, a_, b_, t_);                   \
    } while (0)

#endif

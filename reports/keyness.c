/*
 * keyness.c — the log-likelihood keyness statistic G² (internal.h).
 *
 * Rising and falling terms compare one year (the target) with all earlier
 * years (the reference).  For a term the 2 × 2 table is
 *
 *                  target   reference
 *     the term        a         b
 *     other terms     c         d          N = a + b + c + d
 *
 * and, as quanteda's textstat_keyness(measure = "lr") computes it with its
 * default correction for "lr" (Williams):
 *
 *     E11 = (a+b)(a+c)/N   E12 = (a+b)(b+d)/N
 *     E21 = (c+d)(a+c)/N   E22 = (c+d)(b+d)/N
 *     G²  = 2 [a ln(a/E11 + ε) + b ln(b/E12 + ε) + c ln(c/E21 + ε) + d ln(d/E22 + ε)]
 *     q   = 1 + (N/(a+b) + N/(c+d) − 1)(N/(a+c) + N/(b+d) − 1) / (6N)
 *     G²  = G² / q, signed + when a > E11, − otherwise
 *
 * with ε = 1e-9 so that an empty cell contributes 0 (0 · ln ε = 0).
 */
#include <math.h>

#include "reports/internal.h"

double report_g2(double a, double b, double c, double d)
{
    const double eps = 1e-9;
    double n = a + b + c + d;
    if (a + b <= 0 || c + d <= 0 || a + c <= 0 || b + d <= 0)
        return 0.0; /* an empty row or column: nothing to compare */
    double e11 = (a + b) * (a + c) / n;
    double e12 = (a + b) * (b + d) / n;
    double e21 = (c + d) * (a + c) / n;
    double e22 = (c + d) * (b + d) / n;
    double g2 = 2.0 * (a * log(a / e11 + eps) + b * log(b / e12 + eps) + c * log(c / e21 + eps) +
                       d * log(d / e22 + eps));
    double q = 1.0 + (n / (a + b) + n / (c + d) - 1.0) * (n / (a + c) + n / (b + d) - 1.0) / (6.0 * n);
    g2 /= q;
    if (g2 == 0.0)
        return 0.0; /* never -0 */
    return a > e11 ? g2 : -g2;
}

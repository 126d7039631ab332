/*
 * platt.c — fitting Platt's sigmoid to cross-validated decision values
 * (platt.h).
 *
 * With z_i = A f_i + B and p_i = 1 / (1 + e^z_i), the negative
 * log-likelihood of targets t_i is sum_i log(1 + e^z_i) - (1 - t_i) z_i.
 * Its gradient in z_i is t_i - p_i and its curvature p_i (1 - p_i), which
 * give the 2x2 Newton system in (A, B) solved below.
 */
#include "platt.h"

#include <math.h>

/* log(1 + e^z) without overflow. */
static double log1pexp(double z)
{
    return z > 0 ? z + log1p(exp(-z)) : log1p(exp(z));
}

/* 1 / (1 + e^z) without overflow. */
static double sigmoid_neg(double z)
{
    return z >= 0 ? exp(-z) / (1.0 + exp(-z)) : 1.0 / (1.0 + exp(z));
}

/* The negative log-likelihood at (A, B); t_i is hi for positives, lo for
 * negatives. */
static double nll(const double *dec, const unsigned char *pos, size_t n, double hi, double lo, double A, double B)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        double z = A * dec[i] + B;
        sum += log1pexp(z) - (1.0 - (pos[i] ? hi : lo)) * z;
    }
    return sum;
}

void platt_fit(const double *dec, const unsigned char *pos, size_t n, double *A, double *B)
{
    double n_pos = 0.0;
    for (size_t i = 0; i < n; i++)
        n_pos += pos[i] != 0;
    double n_neg = (double)n - n_pos;
    double hi = (n_pos + 1.0) / (n_pos + 2.0), lo = 1.0 / (n_neg + 2.0);
    /* Start from the sigmoid that gives every example the prior. */
    double a = 0.0, b = log((n_neg + 1.0) / (n_pos + 1.0));
    for (int iter = 0; iter < 100; iter++) {
        double g_a = 0.0, g_b = 0.0, h_aa = 1e-12, h_ab = 0.0, h_bb = 1e-12;
        for (size_t i = 0; i < n; i++) {
            double t = pos[i] ? hi : lo;
            double p = sigmoid_neg(a * dec[i] + b);
            double d = t - p, w = p * (1.0 - p);
            g_a += dec[i] * d;
            g_b += d;
            h_aa += dec[i] * dec[i] * w;
            h_ab += dec[i] * w;
            h_bb += w;
        }
        if (fabs(g_a) < 1e-5 && fabs(g_b) < 1e-5)
            break;
        double det = h_aa * h_bb - h_ab * h_ab;
        if (!(det > 0))
            break;
        double step_a = -(h_bb * g_a - h_ab * g_b) / det, step_b = -(-h_ab * g_a + h_aa * g_b) / det;
        /* Backtracking: halve the Newton step until the likelihood improves
         * by a small part of what the gradient promised (Armijo). */
        double f0 = nll(dec, pos, n, hi, lo, a, b), slope = g_a * step_a + g_b * step_b, scale = 1.0;
        int moved = 0;
        while (scale >= 1e-10) {
            double na = a + scale * step_a, nb = b + scale * step_b;
            if (nll(dec, pos, n, hi, lo, na, nb) <= f0 + 1e-4 * scale * slope) {
                a = na;
                b = nb;
                moved = 1;
                break;
            }
            scale /= 2.0;
        }
        if (!moved)
            break;
    }
    *A = a;
    *B = b;
}

double platt_prob(double f, double A, double B)
{
    double p = sigmoid_neg(A * f + B);
    return p < 1e-7 ? 1e-7 : p > 1 - 1e-7 ? 1 - 1e-7 : p;
}

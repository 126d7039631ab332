/*
 * svmcheck.h — validating a libsvm model file before libsvm reads it.
 *
 * libsvm's svm_load_model trusts its file: it allocates arrays from the
 * counts in the header, indexes them with those counts, and reads a support
 * vector line for each of total_sv whether or not the line exists.  A
 * truncated or altered model (even one whose checksum in the bundle's
 * manifest was altered to match) would crash it or make it read past its
 * buffers.  svmcheck accepts exactly the files politrend's own training
 * writes through svm_save_model, and nothing libsvm could misread:
 *
 *   svm_type c_svc
 *   kernel_type linear | rbf
 *   gamma G                  (rbf only; > 0)
 *   nr_class 2
 *   total_sv N               (0..SVMCHECK_MAX_SV)
 *   rho R                    (one number)
 *   label 1 -1 | label -1 1
 *   probA A                  (one number)
 *   probB B                  (one number)
 *   nr_sv N1 N2              (N1 + N2 = N)
 *   SV
 *   then exactly N lines:  COEF INDEX:VALUE INDEX:VALUE ...
 *
 * in that order, one item a line, every line ending in a newline.  Numbers
 * are plain decimals (no "nan", "inf" or hex) of magnitude at most
 * SVMCHECK_MAX_ABS, which keeps every decision value and probability libsvm
 * computes from the model finite (politrend's own values are TF-IDF weights
 * in [0, 1] and coefficients bounded by C times the class weight).  On a support vector line the indices increase
 * strictly and lie in 1..n_features (the bundle's vocabulary size).  No line
 * may exceed SVMCHECK_MAX_LINE bytes or hold a NUL byte.
 */
#ifndef PT_SVMCHECK_H
#define PT_SVMCHECK_H

#include <stddef.h>

#include "base/error.h"

#define SVMCHECK_MAX_FILE (512u << 20) /* bytes of a whole model file    */
#define SVMCHECK_MAX_LINE (16u << 20)  /* bytes of one line, newline excluded */
#define SVMCHECK_MAX_SV   (1L << 24)   /* support vectors in one model   */
#define SVMCHECK_MAX_ABS  1e12         /* magnitude of any number in it   */

/* Checks the model file held in data[0..len) (need not be NUL-terminated).
 * path is only used in messages.  Returns 0 when libsvm may load it, or -1
 * with err set to PT_ERR_DATA and a message "PATH:LINE: what is wrong",
 * e.g. "m.model:12: support vector 2: feature index 9 is outside 1..8". */
int svmcheck_buffer(const char *data, size_t len, const char *path, size_t n_features, pt_error *err);

/* Reads path (at most SVMCHECK_MAX_FILE bytes) and checks it as
 * svmcheck_buffer does.  Errors as fsio_read_all (PT_ERR_NOINPUT, PT_ERR_IO,
 * PT_ERR_DATA when too large) and as svmcheck_buffer. */
int svmcheck_file(const char *path, size_t n_features, pt_error *err);

#endif

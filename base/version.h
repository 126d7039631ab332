/* version.h — politrend's version, recorded in every bundle and report. */
#ifndef PT_VERSION_H
#define PT_VERSION_H
#define PT_VERSION "0.1.0"
#endif

/*
 * page.c — what every page politrend writes shares (review.h): the
 * stylesheet, HTML escaping and the theme colours, so that index.html and
 * the year reviews look alike and escape alike.
 */
#include "reports/review.h"

/* Okabe–Ito colours (distinguishable with colour-blindness), by taxonomy
 * index; sessions without a primary theme are grey. */
static const char *const palette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                      "#E69F00", "#56B4E9", "#F0E442", "#332288"};
#define N_PALETTE (sizeof palette / sizeof palette[0])
#define UNASSIGNED_COLOUR "#B0B0B0"

const char *rp_colour(int theme)
{
    return theme >= 0 ? palette[(size_t)theme % N_PALETTE] : UNASSIGNED_COLOUR;
}

/* Appends s with &, <, >, " and ' escaped, for text and attribute values. */
void rp_html_text(strbuf *sb, const char *s)
{
    if (s == NULL)
        return;
    const char *run = s;
    for (const char *p = s; *p; p++) {
        const char *rep = NULL;
        switch (*p) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        sb_append(sb, run, (size_t)(p - run));
        sb_puts(sb, rep);
        run = p + 1;
    }
    sb_puts(sb, run);
}

const char rp_page_css[] =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans CJK SC',sans-serif;"
    "margin:0 auto;max-width:1320px;padding:0 24px 48px;color:#1d1d1f;background:#fff;line-height:1.45}\n"
    "h1{font-size:1.7rem;margin:28px 0 4px}h2{font-size:1.25rem;margin:36px 0 8px;"
    "border-bottom:1px solid #ddd;padding-bottom:4px}h3{font-size:1rem;margin:18px 0 4px}\n"
    ".meta{color:#555;margin:0 0 8px}.note{color:#555;font-size:.9rem;margin:4px 0 10px}\n"
    "nav a{margin-right:14px;color:#0b57a4;text-decoration:none;white-space:nowrap;display:inline-block}"
    "nav a:hover{text-decoration:underline}\n"
    "#quality-table,#trend-table,#cadence-table{width:auto;min-width:50%}\n"
    ".legend{display:flex;flex-wrap:wrap;gap:6px 18px;margin:6px 0 10px;font-size:.92rem}\n"
    ".sw{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:6px;vertical-align:-1px}\n"
    "svg{display:block;max-width:100%;height:auto}svg text{font-family:inherit;fill:#333}\n"
    "svg .axis{stroke:#999;stroke-width:1}svg .grid{stroke:#e6e6e6;stroke-width:1}\n"
    "svg .mark{stroke:#888;stroke-width:1;stroke-dasharray:4 3}svg .event{fill:#666}\n"
    "table{border-collapse:collapse;width:100%;font-size:.88rem;margin-top:6px}\n"
    "th,td{border-bottom:1px solid #e3e3e3;padding:5px 8px;text-align:left;vertical-align:top}\n"
    "th{background:#f4f4f6;position:sticky;top:0}tr:hover td{background:#fafafa}\n"
    "#session-table td:first-child{white-space:nowrap}\n"
    "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    ".tag{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:.82rem;white-space:nowrap}\n"
    ".src{color:#666;font-size:.8rem}.terms span{display:inline-block;margin:0 8px 2px 0;white-space:nowrap}\n"
    ".terms small{color:#777}footer{margin-top:40px;color:#777;font-size:.85rem}\n";

/*
 * roles.c — a lecturer's role from the affiliation (roles.h).
 *
 * Markers by role, tried in this order; the first role with a marker in the
 * affiliation wins.  The order is the rule: a military marker beats all
 * (国防大学 is a university of the army), an academic one beats a
 * think-tank's or an office's (an academician of an oil company is there as
 * an academician; 中国社会科学院 is an academy, not a policy institute), and
 * a research institute or centre under a ministry, or a research fellow
 * with no academy named, is a think-tank, not the ministry.
 * Chinese markers are substrings; English ones are whole words or phrases,
 * compared without case ("PLA" is not in "Planning").
 */
#include "roles.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "corpus.h"

typedef struct {
    const char *role;
    const char *const *markers; /* NULL-terminated */
} role_rule;

static const char *const self_study[] = {"政治局", "Political Bureau", "Politburo", NULL};
static const char *const military[] = {"军委", "军事", "军队", "国防", "解放军", "武警", "战区", "Military", "Defense",
                                       "Defence", "PLA", "People's Liberation Army", "Armed Police", "Theater Command",
                                       NULL};
static const char *const academic[] = {"院士", "大学", "教授", "社会科学院", "中国科学院", "工程院", "党校", "干部学院",
                                       "党史", "编译局", "历史研究院", "学会", "研究会", "协会", "Academician",
                                       "University", "Professor", "Academy of Social Sciences",
                                       "Academy of Sciences", "Academy of Engineering", "Party School",
                                       "Cadre Institute", "Party History", "Compilation and Translation",
                                       "Academy of History", "Society", "Association", NULL};
static const char *const think_tank[] = {"研究院", "研究所", "研究中心", "规划院", "智库", "研究员", "中心", "咨询",
                                         "Research Institute", "Research Center", "Research Centre", "Institute",
                                         "Institutes", "Academy", "Think Tank", "Research Fellow", "Researcher",
                                         "Center", "Centre", "Advisory", NULL};
static const char *const official[] = {"部", "委员会", "委", "局", "办公室", "法院", "检察院", "书记", "市长",
                                       "省长", "公司", "基金", "控股", "组委会", "政府", "Minister", "Ministry",
                                       "Commission", "Committee", "Administration", "Bureau", "Office", "Court",
                                       "Procuratorate", "Procurator", "Secretary", "Mayor", "Governor", "Department",
                                       "Co., Ltd", "Holdings", "Corporation", "Company", "Group", "Fund", NULL};

static const role_rule rules[] = {
    {"self-study", self_study}, {"military", military}, {"academic", academic},
    {"think-tank", think_tank}, {"official", official},
};

static bool ascii_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Whether the English marker m stands in s as a word (no letter on either
 * side), compared without case. */
static bool has_word(const char *s, const char *m)
{
    size_t n = strlen(s), k = strlen(m);
    for (size_t i = 0; i + k <= n; i++) {
        size_t j = 0;
        while (j < k && ascii_lower(s[i + j]) == ascii_lower(m[j]))
            j++;
        if (j == k && (i == 0 || !ascii_letter(s[i - 1])) && !ascii_letter(s[i + k]))
            return true;
    }
    return false;
}

static bool has_marker(const char *s, const char *m)
{
    return (unsigned char)m[0] < 0x80 ? has_word(s, m) : strstr(s, m) != NULL;
}

const char *roles_infer(const char *affiliation)
{
    if (affiliation == NULL)
        return NULL;
    for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++)
        for (const char *const *m = rules[r].markers; *m != NULL; m++)
            if (has_marker(affiliation, *m))
                return rules[r].role;
    return NULL;
}

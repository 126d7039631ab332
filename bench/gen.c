/*
 * gen.c — the benchmark's input maker: a seeded generator of plausible mixed
 * English and Chinese news-like documents, and the labeller that gives any
 * document its themes by one documented keyword rule.
 *
 *   gen --docs N [--seed S] [--zh-share P]
 *       writes N generated documents to stdout as politrend JSON Lines
 *       ({"id","date","lang","themes","text"}).  The same N, seed and share
 *       always give the same bytes (splitmix64, no rand()).  Each document
 *       draws one or two hidden topics and strings together 6-30
 *       sentences: most from its topics' phrase lists, some neutral filler,
 *       some from an unrelated topic (noise), so that labels and topics do
 *       not coincide.
 *   gen --label [--limit N]
 *       reads JSON Lines with "date", "title" and "text" (the shape of
 *       ../shared/data/news-zh.jsonl.gz, piped through zcat) from stdin and
 *       writes the first N records (all when no limit) as labelled politrend
 *       JSON Lines, ids "news-000001"..., the title kept as the title.
 *
 * The keyword rule (both modes): a document carries theme T when the
 * keywords of T (kw_zh and kw_en below; each keyword counted separately,
 * non-overlapping occurrences, English matched on the ASCII-lowercased text)
 * occur at least KW_MIN_HITS times in total in its text.  Themes are listed
 * by hits, most first (ties in taxonomy order); a document that reaches the
 * bar for no theme gets [] (a negative example for every theme).
 *
 * Errors go to stderr with exit 1 (65 for a malformed input line): this is
 * a bench tool, not library code.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KW_MIN_HITS 3
#define N_THEMES 5
#define MAX_LINE (16u << 20)

static const char *const theme_names[N_THEMES] = {"economy", "party-building", "defense", "culture",
                                                  "frontier"};

/* ------------------------------------------------------------------ */
/* The keyword rule.                                                   */

static const char *const kw_zh[N_THEMES][16] = {
    {"经济", "发展", "产业", "企业", "市场", "投资", "增长", "创新", "科技", "农业", "金融", "贸易",
     "就业", "消费", NULL},
    {"党中央", "党员", "干部", "纪律", "反腐", "廉政", "从严治党", "党建", "巡视", "思想", "党的",
     NULL},
    {"军队", "国防", "部队", "解放军", "安全", "战略", "武警", "军事", "应急", "救援", NULL},
    {"文化", "教育", "历史", "文明", "传统", "学生", "学校", "博物馆", "体育", "青年", NULL},
    {"民族", "宗教", "边疆", "西藏", "新疆", "团结", "少数民族", "边境", NULL},
};

static const char *const kw_en[N_THEMES][16] = {
    {"economy", "economic", "industr", "enterprise", "market", "investment", "growth",
     "innovation", "technolog", "agricultur", "financ", "employment", "consumption", NULL},
    {"party member", "cadre", "discipline", "corruption", "integrity", "self-governance",
     "party building", "inspection tour", "ideolog", "central committee", NULL},
    {"military", "defense", "armed forces", "troops", "liberation army", "security", "emergency",
     "rescue", "strategic", NULL},
    {"culture", "cultural", "education", "history", "historical", "civilization", "tradition",
     "student", "school", "museum", "sport", "youth", NULL},
    {"ethnic", "religio", "frontier", "tibet", "xinjiang", "unity", "border", NULL},
};

/* Non-overlapping occurrences of needle in hay. */
static size_t count_in(const char *hay, size_t len, const char *needle)
{
    size_t n = 0, nl = strlen(needle);
    const char *p = hay, *end = hay + len;
    while ((size_t)(end - p) >= nl) {
        const char *q = memmem(p, (size_t)(end - p), needle, nl);
        if (q == NULL)
            break;
        n++;
        p = q + nl;
    }
    return n;
}

/* Applies the keyword rule to text; returns a JSON array of theme names. */
static json_t *label(const char *text, size_t len, char *lower)
{
    for (size_t k = 0; k < len; k++) {
        char c = text[k];
        lower[k] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    size_t hits[N_THEMES];
    int order[N_THEMES], n = 0;
    for (int t = 0; t < N_THEMES; t++) {
        hits[t] = 0;
        for (int k = 0; kw_zh[t][k]; k++)
            hits[t] += count_in(text, len, kw_zh[t][k]);
        for (int k = 0; kw_en[t][k]; k++)
            hits[t] += count_in(lower, len, kw_en[t][k]);
        if (hits[t] >= KW_MIN_HITS)
            order[n++] = t;
    }
    for (int i = 1; i < n; i++) /* stable insertion sort, most hits first */
        for (int j = i; j > 0 && hits[order[j]] > hits[order[j - 1]]; j--) {
            int tmp = order[j];
            order[j] = order[j - 1];
            order[j - 1] = tmp;
        }
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, json_string(theme_names[order[i]]));
    return arr;
}

static int put_record(json_t *o)
{
    char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (line == NULL || fputs(line, stdout) == EOF || putchar('\n') == EOF) {
        free(line);
        return -1;
    }
    free(line);
    return 0;
}

/* ------------------------------------------------------------------ */
/* --label: news items in, labelled readouts out.                      */

static int label_stream(long limit)
{
    char *buf = malloc(MAX_LINE), *lower = malloc(MAX_LINE);
    if (buf == NULL || lower == NULL) {
        fprintf(stderr, "gen: out of memory\n");
        return 1;
    }
    long n = 0, lineno = 0;
    while ((limit < 0 || n < limit) && fgets(buf, (int)MAX_LINE, stdin) != NULL) {
        lineno++;
        size_t len = strlen(buf);
        if (len == MAX_LINE - 1 && buf[len - 1] != '\n') {
            fprintf(stderr, "gen: stdin:%ld: line longer than %u bytes\n", lineno, MAX_LINE);
            return 65;
        }
        json_error_t jerr;
        json_t *in = json_loadb(buf, len, 0, &jerr);
        const char *text = in ? json_string_value(json_object_get(in, "text")) : NULL;
        if (text == NULL) {
            fprintf(stderr, "gen: stdin:%ld: not a record with a text: %s\n", lineno,
                    in ? "no text" : jerr.text);
            json_decref(in);
            return 65;
        }
        size_t tlen = json_string_length(json_object_get(in, "text"));
        char id[32];
        snprintf(id, sizeof id, "news-%06ld", n + 1);
        json_t *out = json_object();
        json_object_set_new(out, "id", json_string(id));
        json_t *date = json_object_get(in, "date"), *title = json_object_get(in, "title");
        if (json_is_string(date))
            json_object_set(out, "date", date);
        json_object_set_new(out, "lang", json_string("zh"));
        if (json_is_string(title))
            json_object_set(out, "title", title);
        json_object_set_new(out, "themes", label(text, tlen, lower));
        json_object_set(out, "text", json_object_get(in, "text"));
        int rc = put_record(out);
        json_decref(out);
        json_decref(in);
        if (rc != 0) {
            fprintf(stderr, "gen: cannot write to stdout\n");
            return 1;
        }
        n++;
    }
    free(buf);
    free(lower);
    return 0;
}

/* ------------------------------------------------------------------ */
/* Generated documents.                                                */

static uint64_t rng_state;

static uint64_t rng_next(void) /* splitmix64 */
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static size_t rng_below(size_t n)
{
    return (size_t)(rng_next() % n);
}

static double rng_unit(void)
{
    return (double)(rng_next() >> 11) / 9007199254740992.0;
}

#define PICK(arr) (arr[rng_below(sizeof arr / sizeof arr[0])])

static const char *const zh_subject[] = {
    "国务院", "有关部门", "各地", "地方政府", "与会代表", "专家学者", "省委", "市政府", "相关负责人",
    "基层干部群众", "工作组", "调研组", "各级党委和政府", "新华社记者", "人大代表",
};
static const char *const zh_lead[] = {
    "会议指出，", "据介绍，", "今年以来，", "下一步，", "与此同时，", "记者从有关方面获悉，",
    "近日，", "报道称，", "", "", "",
};
static const char *const zh_filler[] = {
    "各项工作取得积极进展", "群众满意度明显提高", "相关措施已经落实到位", "会议由副主任主持",
    "活动吸引了大批市民参加", "现场秩序井然", "天气情况总体平稳", "工作人员正在加紧推进",
    "有关情况将及时向社会公布", "当地群众表示非常期待",
};
static const char *const zh_topic[N_THEMES][12] = {
    {"推动经济高质量发展", "扩大国内需求", "稳定和扩大就业", "支持民营企业发展壮大", "加快科技创新步伐",
     "深化金融体制改革", "促进消费持续恢复", "建设现代化产业体系", "保障国家粮食安全",
     "推进农业农村现代化", "优化营商环境", "稳住外贸外资基本盘"},
    {"坚定不移全面从严治党", "加强党员干部教育管理", "严明党的政治纪律和政治规矩",
     "深入推进反腐败斗争", "加强党风廉政建设", "扎实开展巡视巡察工作", "加强基层党组织建设",
     "推动党史学习教育走深走实", "用党的创新理论武装头脑", "锲而不舍落实中央八项规定精神",
     "提高干部队伍素质", "完善党内法规制度体系"},
    {"加强国防和军队现代化建设", "提高部队实战化训练水平", "坚决维护国家安全和社会稳定",
     "完善应急管理体系", "做好防汛抢险救援工作", "推进武警部队改革", "深化军事理论研究",
     "增强全民国防意识", "提升战略能力", "筑牢安全生产防线", "加强军民协同", "维护网络安全"},
    {"建设社会主义文化强国", "传承中华优秀传统文化", "加强历史文物保护利用", "深化教育综合改革",
     "办好人民满意的学校", "促进青年学生全面发展", "发展群众体育事业", "推动博物馆免费开放",
     "加强文明交流互鉴", "繁荣文艺创作", "推进全民阅读", "弘扬社会主义核心价值观"},
    {"铸牢中华民族共同体意识", "促进各民族交往交流交融", "推进边疆地区长治久安",
     "坚持我国宗教中国化方向", "加强边境地区基础设施建设", "支持西藏经济社会发展",
     "推动新疆高质量发展", "巩固民族团结进步局面", "做好少数民族地区教育工作",
     "守护好祖国边疆", "促进兴边富民", "依法管理宗教事务"},
};
static const char *const zh_tail[] = {
    "取得明显成效", "迈出坚实步伐", "形成良好局面", "不断取得新进展", "提供有力保障",
    "作出新的更大贡献", "", "",
};

static const char *const en_subject[] = {
    "The State Council", "Local governments", "Officials", "The ministry", "Delegates",
    "Experts", "The provincial committee", "Authorities", "Community leaders", "The working group",
    "Reporters", "Lawmakers",
};
static const char *const en_lead[] = {
    "", "", "", "Meanwhile, ", "This year, ", "According to officials, ", "Next, ", "On Monday, ",
};
static const char *const en_verb[] = {
    "pledged to", "called for efforts to", "moved to", "vowed to", "stressed the need to",
    "announced plans to", "will continue to",
};
static const char *const en_filler[] = {
    "The meeting was chaired by the deputy director.",
    "Residents said they welcomed the new measures.",
    "Further details will be released in due course.",
    "Weather conditions remained stable across the region.",
    "The event drew large crowds over the weekend.",
    "Work on the project is proceeding on schedule.",
};
static const char *const en_topic[N_THEMES][10] = {
    {"promote high-quality economic development", "expand domestic consumption",
     "stabilize employment for college graduates", "support private enterprises",
     "accelerate technological innovation", "deepen financial reform",
     "build a modern industrial system", "safeguard food security and modern agriculture",
     "improve the business environment for foreign investment", "sustain steady growth"},
    {"exercise full and rigorous self-governance of the Party", "tighten discipline among cadres",
     "deepen the fight against corruption", "strengthen Party building at the grassroots",
     "uphold integrity in public office", "carry out inspection tours of local departments",
     "study the ideology set out by the Central Committee", "educate every Party member",
     "improve the conduct of officials", "enforce the eight-point rules"},
    {"modernize the armed forces", "raise the combat readiness of troops",
     "safeguard national security", "improve emergency management",
     "strengthen flood control and rescue work", "deepen reform of the People's Liberation Army",
     "advance military theory", "raise public awareness of national defense",
     "build strategic capabilities", "protect cyber security"},
    {"build a strong socialist culture", "carry forward traditional Chinese culture",
     "protect historical relics and museum collections", "deepen education reform",
     "run schools to the satisfaction of the people", "support the all-round development of youth",
     "promote public sport and fitness", "encourage exchanges among civilizations",
     "enrich cultural life in rural areas", "teach history to every student"},
    {"forge a strong sense of community for the Chinese nation",
     "promote exchanges among ethnic groups", "ensure lasting stability in frontier regions",
     "guide religions to adapt to socialist society", "build infrastructure in border areas",
     "support development in Tibet", "promote high-quality development in Xinjiang",
     "consolidate ethnic unity", "improve education in ethnic minority areas",
     "bring prosperity to border residents"},
};
static const char *const en_tail[] = {
    "", "", " this year", " in the coming months", " across the country", " at all levels",
    ", officials said", " under the new five-year plan",
};

typedef struct {
    char *s;
    size_t n, cap;
} gbuf;

static void gb_put(gbuf *b, const char *s)
{
    size_t l = strlen(s);
    if (b->n + l + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + l + 1)
            cap *= 2;
        char *p = realloc(b->s, cap);
        if (p == NULL) {
            fprintf(stderr, "gen: out of memory\n");
            exit(1);
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, l + 1);
    b->n += l;
}

/* The theme of a sentence: a document topic (55%), filler (-1, 37%), or
 * any theme as noise (8%). */
static int sentence_topic(const int *topics, int n_topics)
{
    double u = rng_unit();
    if (u < 0.55)
        return topics[rng_below((size_t)n_topics)];
    if (u < 0.92)
        return -1;
    return (int)rng_below(N_THEMES);
}

static void gen_zh(gbuf *b, const int *topics, int n_topics, int sentences)
{
    char num[64];
    for (int k = 0; k < sentences; k++) {
        int t = sentence_topic(topics, n_topics);
        gb_put(b, PICK(zh_lead));
        gb_put(b, PICK(zh_subject));
        if (t < 0) {
            gb_put(b, "表示，");
            gb_put(b, PICK(zh_filler));
        } else {
            gb_put(b, rng_below(2) ? "要" : "将");
            gb_put(b, zh_topic[t][rng_below(12)]);
            gb_put(b, "，");
            gb_put(b, zh_topic[t][rng_below(12)]);
            gb_put(b, PICK(zh_tail));
        }
        if (rng_below(8) == 0) {
            snprintf(num, sizeof num, "，同比增长%zu.%zu%%", rng_below(12), rng_below(10));
            gb_put(b, num);
        }
        gb_put(b, rng_below(6) == 0 ? "。\n" : "。");
    }
}

static void gen_en(gbuf *b, const int *topics, int n_topics, int sentences)
{
    char num[64];
    for (int k = 0; k < sentences; k++) {
        int t = sentence_topic(topics, n_topics);
        if (k > 0)
            gb_put(b, rng_below(6) == 0 ? "\n" : " ");
        if (t < 0) {
            gb_put(b, PICK(en_filler));
            continue;
        }
        const char *lead = PICK(en_lead), *subject = PICK(en_subject);
        gb_put(b, lead);
        if (lead[0] != '\0') { /* "Meanwhile, the ministry" */
            char first[2] = {(char)(subject[0] + 32), '\0'};
            gb_put(b, first);
            subject++;
        }
        gb_put(b, subject);
        gb_put(b, " ");
        gb_put(b, PICK(en_verb));
        gb_put(b, " ");
        gb_put(b, en_topic[t][rng_below(10)]);
        if (rng_below(3) == 0) {
            gb_put(b, " and ");
            gb_put(b, en_topic[t][rng_below(10)]);
        }
        gb_put(b, PICK(en_tail));
        if (rng_below(8) == 0) {
            snprintf(num, sizeof num, ", with output up %zu.%zu percent", rng_below(12), rng_below(10));
            gb_put(b, num);
        }
        gb_put(b, ".");
    }
}

static int generate(long docs, uint64_t seed, double zh_share)
{
    rng_state = seed;
    gbuf text = {0};
    char *lower = NULL;
    size_t lower_cap = 0;
    for (long d = 0; d < docs; d++) {
        int topics[2], n_topics = rng_below(3) == 0 ? 2 : 1;
        for (int k = 0; k < n_topics; k++)
            topics[k] = (int)rng_below(N_THEMES);
        bool zh = rng_unit() < zh_share;
        int sentences = 6 + (int)rng_below(25);
        text.n = 0;
        gb_put(&text, "");
        if (zh)
            gen_zh(&text, topics, n_topics, sentences);
        else
            gen_en(&text, topics, n_topics, sentences);
        if (text.n + 1 > lower_cap) {
            lower_cap = 2 * (text.n + 1);
            char *p = realloc(lower, lower_cap);
            if (p == NULL) {
                fprintf(stderr, "gen: out of memory\n");
                return 1;
            }
            lower = p;
        }
        char id[32], date[16];
        snprintf(id, sizeof id, "gen-%06ld", d + 1);
        snprintf(date, sizeof date, "%04zu-%02zu-%02zu", 2012 + rng_below(14), 1 + rng_below(12),
                 1 + rng_below(28));
        json_t *o = json_object();
        json_object_set_new(o, "id", json_string(id));
        json_object_set_new(o, "date", json_string(date));
        json_object_set_new(o, "lang", json_string(zh ? "zh" : "en"));
        json_object_set_new(o, "themes", label(text.s, text.n, lower));
        json_object_set_new(o, "text", json_stringn(text.s, text.n));
        int rc = put_record(o);
        json_decref(o);
        if (rc != 0) {
            fprintf(stderr, "gen: cannot write to stdout\n");
            return 1;
        }
    }
    free(text.s);
    free(lower);
    return 0;
}

/* ------------------------------------------------------------------ */

static int parse_num(const char *s, double lo, double hi, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static int usage(void)
{
    fprintf(stderr, "usage: gen --docs N [--seed S] [--zh-share P]\n"
                    "       gen --label [--limit N] < news.jsonl\n");
    return 64;
}

int main(int argc, char **argv)
{
    double docs = -1, seed = 1, share = 0.5, limit = -1;
    bool label_mode = false;
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k], *v = k + 1 < argc ? argv[k + 1] : NULL;
        if (strcmp(a, "--label") == 0) {
            label_mode = true;
            continue;
        }
        double *dst = strcmp(a, "--docs") == 0       ? &docs
                      : strcmp(a, "--seed") == 0     ? &seed
                      : strcmp(a, "--zh-share") == 0 ? &share
                      : strcmp(a, "--limit") == 0    ? &limit
                                                     : NULL;
        double hi = dst == &share ? 1.0 : 1e12;
        if (dst == NULL || v == NULL || parse_num(v, 0, hi, dst) != 0)
            return usage();
        k++;
    }
    if (label_mode)
        return label_stream((long)limit);
    if (docs < 0)
        return usage();
    return generate((long)docs, (uint64_t)seed, share);
}

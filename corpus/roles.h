/*
 * roles.h — a lecturer's role (pt_roles) read from the affiliation a readout
 * gives: 北京大学教授 is academic, 国务院发展研究中心 a think-tank,
 * 商务部部长 an official, 国防大学教授 military, 中央政治局委员 self-study.
 *
 * `import` reads lecturers from a readout's text with their affiliations
 * but no role, and the reports count lecturers by role; an imported session
 * would otherwise be "unspecified".  The rules are ordered markers (roles.c),
 * written against the 348 labelled lecturers of the embedded corpus, of
 * whom they give 344 the role the corpus gives (README).  A role a readout
 * states is never replaced.
 */
#ifndef PT_ROLES_H
#define PT_ROLES_H

/* The role (one of pt_roles, static) that affiliation (NUL-terminated
 * UTF-8) names, or NULL when no rule matches or affiliation is NULL.
 * Can't fail. */
const char *roles_infer(const char *affiliation);

#endif

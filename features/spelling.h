/*
 * spelling.h — British spellings folded to American ones, so that
 * "defence", "civilisation", "mobilisation" and "programme" give the tokens
 * of "defense", "civilization", "mobilization" and "program".
 *
 * Readouts come from sources that spell either way (Xinhua writes American,
 * many wire and research texts British), and the lexicon's English forms are
 * written one way: without folding, the same word is two features and a set
 * phrase matches only one spelling.  The fold runs inside the normaliser
 * (normalize.h, step 6), on case-folded text, so the text, the lexicon's
 * forms and the readout formulae (formulae.h) all see the same spelling.
 *
 * Rules, applied to every maximal run of ASCII letters a-z:
 *   - a table of whole words (defence, offence, licence, programme, centre,
 *     labour, neighbour, behaviour, favour, honour, endeavour, travelled,
 *     modelling, analyse, judgement, ageing, ... and their inflections);
 *   - -isation(s) becomes -ization(s);
 *   - -ise, -ised, -ises, -ising, -iser(s) become -ize... when the word
 *     before "ise" has at least three letters, the letter before "i" is a
 *     consonant other than w (so praise, noise, cruise, otherwise stay), and
 *     the word is not one of the verbs and nouns spelt -ise in American
 *     English too (advertise, advise, comprise, compromise, enterprise,
 *     exercise, expertise, franchise, premise, promise, revise, supervise,
 *     surprise, televise, ...).
 * A folded word is never longer than the original, so folding works in
 * place.
 */
#ifndef PT_SPELLING_H
#define PT_SPELLING_H

#include <stddef.h>

/* Folds the British spellings of s[0..len) in place (s holds case-folded
 * UTF-8; only ASCII letter runs are touched) and returns the new length
 * (<= len).  s[new length] is set to '\0' when new length < len.  Can't
 * fail. */
size_t spell_fold(char *s, size_t len);

/* Folds one lowercase ASCII word w[0..len) into out (which holds at least
 * len bytes) and returns the folded length, or 0 when the word is left as
 * it is.  Can't fail. */
size_t spell_fold_word(const char *w, size_t len, char *out);

#endif

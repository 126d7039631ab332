/*
 * commands.h — the politrend subcommands.  Each takes the arguments after
 * its name (argv[0] is the command name) and returns the process exit code.
 */
#ifndef PT_COMMANDS_H
#define PT_COMMANDS_H

int cmd_train(int argc, char **argv);
int cmd_classify(int argc, char **argv);
int cmd_tokens(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_review(int argc, char **argv);
int cmd_evaluate(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_vectorize(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_label(int argc, char **argv);
int cmd_forget(int argc, char **argv);
int cmd_phrases(int argc, char **argv);

#endif

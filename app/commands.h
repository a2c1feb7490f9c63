/* commands.h - the `ser` commands.  Each lives in app/cmd_<name>.c and is
 * listed once in the table in main.c. */
#ifndef SER_APP_COMMANDS_H
#define SER_APP_COMMANDS_H

typedef int (*ser_command_fn)(int argc, char **argv);

typedef struct ser_command {
    const char *name;
    const char *summary;
    ser_command_fn run;
} ser_command;

/* The table of commands, terminated by a {NULL} entry (main.c). */
extern const ser_command ser_commands[];

int cmd_analyze(int argc, char **argv);
int cmd_dataset(int argc, char **argv);
int cmd_denoise(int argc, char **argv);
int cmd_eda(int argc, char **argv);
int cmd_evaluate(int argc, char **argv);
int cmd_features(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_predict(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_stream(int argc, char **argv);
int cmd_train(int argc, char **argv);

#endif

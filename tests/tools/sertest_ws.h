/* sertest_ws.h - `sertest ws`: a WebSocket client and Twilio Media Streams
 * sender for the server tests (sertest_ws.c). */
#ifndef SERTEST_WS_H
#define SERTEST_WS_H

/* argv: PORT PATH [options]; returns the exit status. */
int sertest_ws(int argc, char **argv);

#endif

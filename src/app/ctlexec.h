#pragma once

// `workhost ctl ARGS...` is `workhost-ctl ARGS...`. The workhost executable
// links Qt Widgets; workhost-ctl links Qt Core and Network only, so that the
// control client needs no display and loads no widgets library. main() calls
// this first, before any Qt object: with "ctl" as the first argument it
// replaces the process with the workhost-ctl beside this executable
// (/proc/self/exe), else the one on PATH, and never returns; when neither can
// be run it says so and exits with status 127 (a shell's "command not found").
// Any other command line returns at once.
void execControlClientIfAsked(int argc, char *argv[]);

# shellcheck shell=bash
# Sourced by start.sh and run.sh: HARNESS, the command prefix that runs a part of the harness (Gatling, the fake LLM,
# the capture) at its priority, as "${HARNESS[@]}" command ... (nice and chrt exec the command: $! is its pid).
# HARNESS_IDLE=1: Linux's SCHED_IDLE (it gets a core only when no other thread wants one, and a waking thread of the
# backend takes the core from it at once); else nice HARNESS_NICE (default 0).
if [ "${HARNESS_IDLE:-0}" = 1 ]; then
  HARNESS=(chrt --idle 0)
else
  HARNESS=(nice -n "${HARNESS_NICE:-0}")
fi

#!/usr/bin/env bash
# A node of a 3-node score job is killed (its slurmd and its ranks: a crashed machine);
# the job ends in bounded time, is requeued, resumes on the two nodes left (tests/cluster/node_loss.sh).
FAULT=kill source "$(dirname "$0")/node_loss.sh"

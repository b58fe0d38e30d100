#!/usr/bin/env bash
# A node of a 3-node score job is cut off (its link goes down mid-collective: no connection is closed);
# the job ends in bounded time, is requeued, resumes on the two nodes left (tests/cluster/node_loss.sh).
FAULT=link source "$(dirname "$0")/node_loss.sh"

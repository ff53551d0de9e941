#!/bin/sh
# Re-records what ansible-playbook 2.14 prints for each listing playbook here (run from this dir).
set -e
mkdir -p expected
for pb in site duplicates names patterns imports; do
  for mode in list-tasks list-tags list-hosts syntax-check; do
    ANSIBLE_NOCOLOR=1 ansible-playbook -i hosts.ini "$pb.yml" --$mode 2>/dev/null > "expected/$pb.$mode.txt"
  done
  ANSIBLE_NOCOLOR=1 ansible-playbook -i hosts.ini "$pb.yml" --list-tasks -t always,t1,b --skip-tags imp 2>/dev/null > "expected/$pb.list-tasks-selected.txt"
done

#!/bin/sh
touch /srv/idem/by-script

package org.lakefsbackup.cli;

package org.lakefsbackup.core;

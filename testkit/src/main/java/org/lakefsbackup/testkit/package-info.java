package org.lakefsbackup.testkit;

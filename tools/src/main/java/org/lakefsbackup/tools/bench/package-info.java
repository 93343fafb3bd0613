/**
 * The {@code bench} command's measuring code: backups of generated namespaces through the embedded S3 server, and
 * the copy planner alone over synthetic listings. Not API; nothing here is used by the other commands.
 */
package org.lakefsbackup.tools.bench;

/**
 * Infrastructure that holds data or identity: destroying (or replacing) one of these loses
 * something no `apply` brings back — the rows of a database, the objects in a bucket, the blocks
 * of a volume, the keys in a vault, the records of a DNS zone.
 *
 * Written from the providers' resource documentation (hashicorp/aws, hashicorp/google,
 * hashicorp/azurerm, hashicorp/kubernetes, and a few others people run databases and DNS on),
 * grouped by what the resource holds. A replacement counts: the new resource starts empty.
 *
 * Used by the Terraform plan probe, the plan-file edit rule and the HCL edit rules, and by the
 * kubectl probe for the Kubernetes kinds.
 */

/** What a stateful resource holds → its Terraform resource types. */
const BY_HOLDING: Readonly<Record<string, readonly string[]>> = {
  database: [
    // AWS
    'aws_db_instance', 'aws_rds_cluster', 'aws_rds_global_cluster', 'aws_dynamodb_table', 'aws_dynamodb_global_table',
    'aws_docdb_cluster', 'aws_docdb_elastic_cluster', 'aws_neptune_cluster', 'aws_neptune_global_cluster', 'aws_redshift_cluster',
    'aws_redshiftserverless_namespace', 'aws_elasticache_cluster', 'aws_elasticache_replication_group',
    'aws_elasticache_serverless_cache', 'aws_memorydb_cluster', 'aws_keyspaces_keyspace', 'aws_keyspaces_table',
    'aws_timestreamwrite_database', 'aws_timestreamwrite_table', 'aws_timestream_database', 'aws_qldb_ledger', 'aws_opensearch_domain',
    'aws_elasticsearch_domain', 'aws_opensearchserverless_collection', 'aws_lightsail_database', 'aws_glue_catalog_database',
    // Google
    'google_sql_database_instance', 'google_sql_database', 'google_spanner_instance', 'google_spanner_database',
    'google_bigtable_instance', 'google_bigtable_table', 'google_bigquery_dataset', 'google_bigquery_table',
    'google_firestore_database', 'google_alloydb_cluster', 'google_redis_instance', 'google_redis_cluster', 'google_datastore_index',
    // Azure
    'azurerm_mssql_server', 'azurerm_mssql_database', 'azurerm_mssql_managed_instance', 'azurerm_mssql_managed_database',
    'azurerm_sql_server', 'azurerm_sql_database', 'azurerm_postgresql_server', 'azurerm_postgresql_database',
    'azurerm_postgresql_flexible_server', 'azurerm_postgresql_flexible_server_database', 'azurerm_mysql_server',
    'azurerm_mysql_database', 'azurerm_mysql_flexible_server', 'azurerm_mysql_flexible_database', 'azurerm_mariadb_server',
    'azurerm_mariadb_database', 'azurerm_cosmosdb_account', 'azurerm_cosmosdb_sql_database', 'azurerm_cosmosdb_sql_container',
    'azurerm_cosmosdb_mongo_database', 'azurerm_cosmosdb_mongo_collection', 'azurerm_cosmosdb_cassandra_keyspace',
    'azurerm_cosmosdb_cassandra_table', 'azurerm_cosmosdb_gremlin_database', 'azurerm_cosmosdb_gremlin_graph', 'azurerm_cosmosdb_table',
    'azurerm_cosmosdb_postgresql_cluster', 'azurerm_redis_cache', 'azurerm_kusto_cluster', 'azurerm_kusto_database',
    'azurerm_synapse_workspace', 'azurerm_synapse_sql_pool',
    // others
    'digitalocean_database_cluster', 'heroku_addon', 'mongodbatlas_cluster', 'mongodbatlas_advanced_cluster',
  ],
  'storage bucket': [
    'aws_s3_bucket', 'aws_s3_directory_bucket', 'aws_s3control_bucket', 'aws_glacier_vault', 'google_storage_bucket',
    'azurerm_storage_account', 'azurerm_storage_container', 'azurerm_storage_data_lake_gen2_filesystem', 'azurerm_storage_table',
    'azurerm_storage_queue', 'digitalocean_spaces_bucket', 'cloudflare_r2_bucket',
  ],
  volume: [
    'aws_ebs_volume', 'aws_ebs_snapshot', 'aws_db_snapshot', 'aws_db_cluster_snapshot', 'aws_lightsail_disk',
    'google_compute_disk', 'google_compute_region_disk', 'google_compute_snapshot',
    'azurerm_managed_disk', 'azurerm_snapshot', 'azurerm_netapp_volume', 'digitalocean_volume',
    'kubernetes_persistent_volume', 'kubernetes_persistent_volume_v1', 'kubernetes_persistent_volume_claim',
    'kubernetes_persistent_volume_claim_v1',
  ],
  'file system': [
    'aws_efs_file_system', 'aws_fsx_lustre_file_system', 'aws_fsx_windows_file_system', 'aws_fsx_ontap_file_system',
    'aws_fsx_openzfs_file_system', 'aws_fsx_ontap_volume', 'aws_fsx_openzfs_volume', 'google_filestore_instance',
    'azurerm_storage_share',
  ],
  'keys and secrets': [
    'aws_kms_key', 'aws_kms_replica_key', 'aws_secretsmanager_secret', 'aws_acmpca_certificate_authority',
    'aws_cloudhsm_v2_cluster', 'google_kms_crypto_key', 'google_kms_key_ring', 'google_secret_manager_secret',
    'azurerm_key_vault', 'azurerm_key_vault_key', 'azurerm_key_vault_secret', 'azurerm_key_vault_certificate',
    'azurerm_key_vault_managed_hardware_security_module',
  ],
  'DNS zone': ['aws_route53_zone', 'google_dns_managed_zone', 'azurerm_dns_zone', 'azurerm_private_dns_zone', 'cloudflare_zone', 'digitalocean_domain'],
  'message stream': ['aws_kinesis_stream', 'aws_msk_cluster', 'aws_msk_serverless_cluster', 'aws_mq_broker', 'azurerm_eventhub_namespace', 'azurerm_servicebus_namespace'],
  'backups': ['aws_backup_vault', 'azurerm_recovery_services_vault', 'azurerm_data_protection_backup_vault', 'google_backup_dr_backup_vault'],
  'images and code': ['aws_ecr_repository', 'aws_codecommit_repository', 'google_artifact_registry_repository', 'google_sourcerepo_repository', 'azurerm_container_registry', 'github_repository'],
  'users and identities': ['aws_cognito_user_pool', 'aws_organizations_account', 'google_project', 'azurerm_resource_group'],
  'logs': ['aws_cloudwatch_log_group', 'google_logging_project_bucket_config', 'azurerm_log_analytics_workspace'],
  'cluster and its workloads': ['aws_eks_cluster', 'google_container_cluster', 'azurerm_kubernetes_cluster', 'digitalocean_kubernetes_cluster', 'kubernetes_namespace', 'kubernetes_namespace_v1'],
};

const HOLDS: ReadonlyMap<string, string> = new Map(Object.entries(BY_HOLDING).flatMap(([what, types]) => types.map((t) => [t, what] as const)));

/** What a Terraform resource type holds when it is stateful (`database`, `volume`, …); undefined otherwise. */
export function statefulHolding(type: string): string | undefined {
  return HOLDS.get(type);
}

/** Every stateful type (for docs and tests). */
export function statefulTypes(): string[] {
  return [...HOLDS.keys()];
}

/** Kubernetes kinds (as `kubectl get -o name` prints them) whose deletion can take data with it. */
const KUBE_STATEFUL_KINDS: ReadonlySet<string> = new Set(['persistentvolumeclaim', 'persistentvolume']);

/** True for a kind such as `persistentvolumeclaim` (a group suffix is ignored). */
export function isStatefulKind(kind: string): boolean {
  return KUBE_STATEFUL_KINDS.has(kind.toLowerCase().split('.')[0]!);
}

/*
 * Copyright 2021 Red Hat
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package io.apicurio.common.apps.logging.audit;

public interface AuditingConstants {

    String KEY_GROUP_ID = "group_id";
    String KEY_ARTIFACT_ID = "artifact_id";
    String KEY_UPDATE_STATE = "update_state";
    String KEY_VERSION = "version";
    String KEY_ARTIFACT_TYPE = "artifact_type";
    String KEY_IF_EXISTS = "if_exists";
    String KEY_CANONICAL = "canonical";
    String KEY_RULE = "rule";
    String KEY_RULE_TYPE = "rule_type";
    String KEY_EDITABLE_METADATA = "editable_metadata";
    String KEY_LOGGER = "logger";
    String KEY_LOG_CONFIGURATION = "log_configuration";
    String KEY_FOR_BROWSER = "for_browser";
    String KEY_ROLE_MAPPING = "role_mapping";
    String KEY_PRINCIPAL_ID = "principal_id";
    String KEY_UPDATE_ROLE = "update_role";
    String KEY_NAME = "name";
    String KEY_NAME_ENCODED = "name_encoded";
    String KEY_DESCRIPTION = "description";
    String KEY_DESCRIPTION_ENCODED = "description_encoded";
    String KEY_PROPERTY_CONFIGURATION = "property_configuration";
    String KEY_FROM_URL = "from_url";
    String KEY_SHA = "artifact_sha";

}

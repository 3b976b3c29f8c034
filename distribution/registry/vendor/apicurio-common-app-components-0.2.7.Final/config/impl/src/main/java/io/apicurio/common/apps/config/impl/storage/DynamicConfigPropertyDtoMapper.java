/*
 * Copyright 2022 Red Hat
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

package io.apicurio.common.apps.config.impl.storage;

import io.apicurio.common.apps.config.DynamicConfigPropertyDto;
import io.apicurio.common.apps.storage.sql.jdbi.mappers.RowMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * @author eric.wittmann@gmail.com
 * @author Jakub Senko <em>m@jsenko.net</em>
 */
@ApplicationScoped
public class DynamicConfigPropertyDtoMapper implements RowMapper<DynamicConfigPropertyDto> {

    @Override
    public boolean supports(Class<?> klass) {
        return DynamicConfigPropertyDto.class.equals(klass);
    }

    /**
     * @see RowMapper#map(java.sql.ResultSet)
     */
    @Override
    public DynamicConfigPropertyDto map(ResultSet rs) throws SQLException {
        String name = rs.getString("pname");
        String value = rs.getString("pvalue");
        return new DynamicConfigPropertyDto(name, value);
    }
}

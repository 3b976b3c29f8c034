/*
 * Copyright 2020 Red Hat
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

package io.apicurio.registry.util;

import javax.xml.XMLConstants;
import javax.xml.validation.SchemaFactory;

import org.xml.sax.SAXNotRecognizedException;
import org.xml.sax.SAXNotSupportedException;

/**
 * @author eric.wittmann@gmail.com
 */
public class SchemaFactoryAccessor {
    
    private static ThreadLocal<SchemaFactory> threadLocalSchemaFactory = new ThreadLocal<SchemaFactory>() {
        @Override
        protected SchemaFactory initialValue() {
                SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
                try {
                    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
                    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
                } catch (SAXNotRecognizedException | SAXNotSupportedException e) {
                    // Don't care.
                }
                return factory;
        }
    };
    
    public static final SchemaFactory getSchemaFactory() {
        return threadLocalSchemaFactory.get();
    }

}

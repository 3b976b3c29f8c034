package io.apicurio.common.apps.multitenancy.limits;

public interface TenantLimitsConfiguration {
}

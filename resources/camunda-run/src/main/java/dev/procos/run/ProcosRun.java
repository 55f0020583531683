package dev.procos.run;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Camunda Run equivalent: the engine, its REST API and webapps in one Spring Boot app.
 * REST basic auth is on unless procos.rest-auth=false (the stock, unconfigured run used as the
 * benchmark anchor keeps Run's own default: off). On H2 it keeps the database file small
 * (H2Maintenance) and serves ProcOS's guarded /procos/h2 endpoints (ProcosEndpoints).
 */
@SpringBootApplication
public class ProcosRun {
  public static void main(String[] args) {
    SpringApplication.run(ProcosRun.class, args);
  }

  @Bean
  public FilterRegistrationBean<ProcessEngineAuthenticationFilter> restAuthFilter(Environment env) {
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> bean =
        new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
    bean.addInitParameter("authentication-provider", HttpBasicAuthenticationProvider.class.getName());
    bean.addUrlPatterns("/engine-rest/*");
    bean.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE);
    bean.setEnabled(env.getProperty("procos.rest-auth", Boolean.class, false));
    return bean;
  }

  @Bean
  public H2Maintenance h2Maintenance(DataSource dataSource, Environment env) {
    return new H2Maintenance(dataSource, env);
  }

  /** The whole-file compaction at start runs before the pool opens its first connection. */
  @Bean
  public static BeanPostProcessor compactH2AtStart() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessBeforeInitialization(Object bean, String name) {
        if (bean instanceof HikariDataSource ds) H2Maintenance.compactAtStart(ds.getJdbcUrl(), ds.getUsername(), ds.getPassword());
        return bean;
      }
    };
  }
}

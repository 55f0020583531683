/** The reason shown for a failed component: the root cause in its output, not the last stack frames. */
import { describe, expect, it } from 'vitest';
import { isPermanentCause, rootCause } from '../../main/kernel/root-cause';

const h2Locked = `2025-05-02T10:14:03.101+02:00  INFO 48211 --- [           main] o.c.b.run.CamundaBpmRun                  : Starting CamundaBpmRun v7.24.0 using Java 17.0.14 with PID 48211
2025-05-02T10:14:06.877+02:00  WARN 48211 --- [           main] ConfigServletWebServerApplicationContext : Exception encountered during context initialization - cancelling refresh attempt: org.springframework.beans.factory.BeanCreationException: Error creating bean with name 'processEngine': FactoryBean threw exception on object creation
2025-05-02T10:14:06.912+02:00 ERROR 48211 --- [           main] o.s.boot.SpringApplication               : Application run failed

org.springframework.beans.factory.BeanCreationException: Error creating bean with name 'processEngine': FactoryBean threw exception on object creation
	at org.springframework.beans.factory.support.FactoryBeanRegistrySupport.doGetObjectFromFactoryBean(FactoryBeanRegistrySupport.java:200)
	at org.springframework.boot.SpringApplication.run(SpringApplication.java:335)
	at org.camunda.bpm.run.CamundaBpmRun.main(CamundaBpmRun.java:29)
Caused by: org.apache.ibatis.exceptions.PersistenceException: 
### Error querying database.  Cause: org.springframework.jdbc.CannotGetJdbcConnectionException: Failed to obtain JDBC Connection
Caused by: org.springframework.jdbc.CannotGetJdbcConnectionException: Failed to obtain JDBC Connection
	at org.springframework.jdbc.datasource.DataSourceUtils.getConnection(DataSourceUtils.java:84)
	... 44 common frames omitted
Caused by: org.h2.jdbc.JdbcSQLNonTransientConnectionException: Database may be already in use: "/home/ada/.config/ProcOS/engine/h2/procos.mv.db". Possible solutions: close all other connection(s); use the server mode [90020-232]
	at org.h2.message.DbException.getJdbcSQLException(DbException.java:690)
	at org.h2.engine.Engine.openSession(Engine.java:276)
	... 61 common frames omitted
Caused by: org.h2.mvstore.MVStoreException: The file is locked: /home/ada/.config/ProcOS/engine/h2/procos.mv.db [2.3.232/7]
	at org.h2.mvstore.DataUtils.newMVStoreException(DataUtils.java:996)
	at org.h2.mvstore.FileStore.lockFileChannel(FileStore.java:146)
	... 67 common frames omitted
Caused by: java.nio.channels.OverlappingFileLockException
	at java.base/sun.nio.ch.FileLockTable.checkList(FileLockTable.java:229)
	at java.base/sun.nio.ch.FileLockTable.add(FileLockTable.java:123)
	... 70 common frames omitted
`;

const portTaken = `2025-05-02T10:20:11.004+02:00  INFO 5120 --- [           main] o.s.b.w.embedded.tomcat.TomcatWebServer  : Tomcat initialized with port 8080 (http)
2025-05-02T10:20:14.553+02:00 ERROR 5120 --- [           main] o.s.b.d.LoggingFailureAnalysisReporter   : 

***************************
APPLICATION FAILED TO START
***************************

Description:

Web server failed to start. Port 8080 was already in use.

Action:

Identify and stop the process that's listening on port 8080 or configure this application to listen on another port.
`;

const camundaCause = `2025-05-02T11:02:40.311+02:00 ERROR 7001 --- [           main] o.s.boot.SpringApplication               : Application run failed
org.springframework.beans.factory.UnsatisfiedDependencyException: Error creating bean with name 'camundaBpmRunRestConfiguration': Unsatisfied dependency expressed through field 'props'
	at org.springframework.beans.factory.annotation.AutowiredAnnotationBeanPostProcessor$AutowiredFieldElement.resolveFieldValue(AutowiredAnnotationBeanPostProcessor.java:788)
Caused by: org.camunda.bpm.engine.ProcessEngineException: ENGINE-03017 Could not perform 'create' on database schema for SQL Statement: 'create table ACT_GE_PROPERTY (...)'.
	at org.camunda.bpm.engine.impl.db.EnginePersistenceLogger.performDatabaseOperationException(EnginePersistenceLogger.java:266)
Caused by: org.h2.jdbc.JdbcSQLSyntaxErrorException: Table "ACT_GE_PROPERTY" already exists; SQL statement:
	at org.h2.message.DbException.getJdbcSQLException(DbException.java:514)
	at org.h2.command.Parser.parse(Parser.java:281)
	... 12 common frames omitted
`;

const ollamaBind = `time=2025-05-02T10:31:02.120+02:00 level=INFO source=routes.go:1304 msg="server config" env="map[OLLAMA_HOST:http://127.0.0.1:11434]"
Error: listen tcp 127.0.0.1:11434: bind: address already in use
`;

describe('rootCause', () => {
  it('names a locked H2 database, not the deepest exception class or the last frames', () => {
    const cause = rootCause(h2Locked)!;
    expect(cause).toMatch(/^Database may be already in use: "\/home\/ada\/\.config\/ProcOS\/engine\/h2\/procos\.mv\.db"/);
    expect(cause).not.toMatch(/\bat org\./);
    expect(isPermanentCause(cause)).toBe(true);
  });

  it("gives Spring Boot's description of a port clash", () => {
    expect(rootCause(portTaken)).toBe('Web server failed to start. Port 8080 was already in use.');
    expect(isPermanentCause(rootCause(portTaken))).toBe(false);
  });

  it('takes the deepest Caused by that has a message', () => {
    expect(rootCause(camundaCause)).toBe('Table "ACT_GE_PROPERTY" already exists; SQL statement:');
  });

  it('finds a Go-style bind error of Ollama', () => {
    expect(rootCause(ollamaBind)).toBe('listen tcp 127.0.0.1:11434: bind: address already in use');
  });

  it('falls back to the last ERROR line, then the last line that is not a stack frame', () => {
    expect(rootCause([
      '2025-05-02T10:00:00.000Z  INFO 1 --- [main] a.b.C : starting',
      '2025-05-02T10:00:01.000Z ERROR 1 --- [main] o.c.b.e.jobexecutor : ENGINE-14006 Exception while executing job 42',
      '2025-05-02T10:00:02.000Z  INFO 1 --- [main] a.b.C : still here',
    ])).toBe('ENGINE-14006 Exception while executing job 42');
    expect(rootCause(['cannot open config', '\tat Main.main(Main.java:3)', '\t... 4 more'])).toBe('cannot open config');
    expect(rootCause([])).toBeUndefined();
  });
});

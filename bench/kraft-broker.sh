# Sourced by the bench scripts that need Kafka: a real single-node KRaft broker (combined broker and
# controller) from the jars the Kafka plugin's tests use. Its class path is written by the reactor build
# of plugins/kafka (nothing is installed into ~/.m2).
#   kraft_broker_start <work dir> <port> <controller port> <partitions> [cpu list for taskset]
# Starts the broker in the background of the calling shell, sets KRAFT_PID, and returns once the port
# accepts connections (at most 60 s). The caller stops it (kill "$KRAFT_PID"; wait "$KRAFT_PID").
kraft_broker_start() {
  local work=$1 port=$2 cport=$3 partitions=$4 cpus=${5:-}
  local cpf=plugins/kafka/target/kafka-broker.classpath
  [ -f "$cpf" ] || { echo "build first: mvn -B -q -DskipTests package (no $cpf)" >&2; return 2; }
  local cp; cp=$(cat "$cpf")
  cat > "$work/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$work/kafka-logs
num.partitions=$partitions
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
  java -cp "$cp" kafka.tools.StorageTool format -t "$(java -cp "$cp" kafka.tools.StorageTool random-uuid)" \
    -c "$work/server.properties" > "$work/format.log" 2>&1
  if [ -n "$cpus" ]; then
    taskset -c "$cpus" java -Xmx512m -cp "$cp" kafka.Kafka "$work/server.properties" > "$work/kafka.log" 2>&1 &
  else
    java -Xmx512m -cp "$cp" kafka.Kafka "$work/server.properties" > "$work/kafka.log" 2>&1 &
  fi
  KRAFT_PID=$!
  local i
  for i in $(seq 1 60); do (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && return 0; sleep 1; done
  echo "the Kafka broker did not open port $port in 60 s; see $work/kafka.log" >&2
  return 1
}

global using Akka.Actor;
